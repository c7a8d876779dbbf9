/**
 * How paperboy reads what Discord sends: subcommands and their options,
 * button ids, vote emoji (with or without variation selectors) and the
 * Manage Channels permission, and the slash-command JSON it registers.
 */
import { describe, expect, it } from "vitest";
import { PermissionFlagsBits } from "discord.js";
import {
  canManageChannels,
  isAdminCommand,
  matchVoteEmoji,
  parseButtonId,
  reactionFromRaw,
  toSlashInput,
} from "../../../src/adapters/discord/inbound.js";
import { buildSlashCommands } from "../../../src/adapters/discord/slash-commands.js";
import { COMMANDS } from "../../../src/commands/declarations.js";

const VOTE_EMOJI = ["👍", "⬆️", "🔥", "❤️", "🚀"];

describe("reading a slash command", () => {
  it("takes the subcommand and its declared options as strings, absent ones as undefined", () => {
    expect(toSlashInput("subscribe", [{ name: "time", value: "08:30" }, { name: "stray", value: "x" }])).toEqual({
      subcommand: "subscribe",
      options: { time: "08:30", timezone: undefined, topics: undefined },
    });
    expect(toSlashInput("search", [{ name: "query", value: "spiking" }])).toEqual({
      subcommand: "search",
      options: { query: "spiking" },
    });
  });

  it("knows no subcommand it was not declared with", () => {
    expect(toSlashInput("drop-tables", [])).toBeUndefined();
    expect(toSlashInput(null, [])).toBeUndefined();
  });

  it("treats subscribe, unsubscribe and digest as admin subcommands", () => {
    expect(COMMANDS.filter((command) => isAdminCommand(command.name)).map((command) => command.name)).toEqual([
      "subscribe",
      "unsubscribe",
      "digest",
    ]);
  });
});

describe("permissions", () => {
  it("lets members with Manage Channels or Administrator change settings, and nobody else", () => {
    expect(canManageChannels(PermissionFlagsBits.ManageChannels.toString())).toBe(true);
    expect(canManageChannels(PermissionFlagsBits.Administrator)).toBe(true);
    expect(canManageChannels((PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel).toString())).toBe(false);
    expect(canManageChannels(undefined)).toBe(false);
    expect(canManageChannels("not a number")).toBe(false);
  });
});

describe("buttons", () => {
  it("reads upvote and share ids, and nothing else", () => {
    expect(parseButtonId("upvote:2401.12345")).toEqual({ action: "upvote", paperId: "2401.12345" });
    expect(parseButtonId("share:hep-th/9901001")).toEqual({ action: "share", paperId: "hep-th/9901001" });
    expect(parseButtonId("delete:2401.12345")).toBeUndefined();
    expect(parseButtonId("upvote:")).toBeUndefined();
  });
});

describe("vote emoji", () => {
  it("counts the configured emoji whether or not Discord sends a variation selector", () => {
    expect(matchVoteEmoji({ name: "👍", id: null }, VOTE_EMOJI)).toBe("👍");
    expect(matchVoteEmoji({ name: "❤", id: null }, VOTE_EMOJI)).toBe("❤");
    expect(matchVoteEmoji({ name: "⬆️", id: null }, VOTE_EMOJI)).toBe("⬆");
  });

  it("counts a thumbs-up in any skin tone as the thumbs-up", () => {
    for (const tone of ["👍🏻", "👍🏼", "👍🏽", "👍🏾", "👍🏿"]) expect(matchVoteEmoji({ name: tone, id: null }, VOTE_EMOJI)).toBe("👍");
  });

  it("ignores other emoji, and matches custom emoji by name", () => {
    expect(matchVoteEmoji({ name: "😂", id: null }, VOTE_EMOJI)).toBeUndefined();
    expect(matchVoteEmoji({ name: null, id: "123" }, VOTE_EMOJI)).toBeUndefined();
    expect(matchVoteEmoji({ name: "upvote", id: "123" }, ["upvote"])).toBe("upvote");
  });
});

describe("raw reaction events", () => {
  it("reads who reacted with what on which message, and whether a bot did it", () => {
    expect(
      reactionFromRaw({
        user_id: "7",
        message_id: "8",
        channel_id: "9",
        guild_id: "10",
        emoji: { id: null, name: "👍" },
        member: { user: { id: "7", bot: true } },
      }),
    ).toEqual({ guildId: "10", channelId: "9", messageId: "8", userId: "7", isBot: true, emoji: { name: "👍", id: null } });
    expect(reactionFromRaw({ user_id: "7", message_id: "8", channel_id: "9", guild_id: "10", emoji: { id: null, name: "👍" } })?.isBot).toBeUndefined();
  });

  it("ignores reactions outside servers and malformed payloads", () => {
    expect(reactionFromRaw({ user_id: "7", message_id: "8", channel_id: "9", emoji: { name: "👍" } })).toBeUndefined();
    expect(reactionFromRaw(null)).toBeUndefined();
    expect(reactionFromRaw({ guild_id: "1" })).toBeUndefined();
  });
});

describe("the registered slash command", () => {
  const [papers] = buildSlashCommands();

  it("is one /papers command with a subcommand per declaration, open to everyone, in servers only", () => {
    expect(papers?.name).toBe("papers");
    expect(papers?.default_member_permissions).toBeNull();
    expect(papers?.contexts).toEqual([0]);
    expect(papers?.options?.map((option) => option.name)).toEqual(COMMANDS.map((command) => command.name));
  });

  it("declares search's query as required with autocomplete, and top's period as choices", () => {
    const search = papers?.options?.find((option) => option.name === "search");
    expect(search).toEqual({
      type: 1,
      name: "search",
      description: "Search papers; filters: since:7d, author:name",
      options: [
        {
          type: 3,
          name: "query",
          description: "What to look for (filters: since:7d, author:name)",
          required: true,
          autocomplete: true,
          max_length: 300,
        },
      ],
    });
    const top = papers?.options?.find((option) => option.name === "top");
    expect(top && "options" in top ? top.options : undefined).toEqual([
      {
        type: 3,
        name: "period",
        description: "How far back to look (default: week)",
        required: false,
        choices: [
          { name: "day", value: "day" },
          { name: "week", value: "week" },
          { name: "month", value: "month" },
        ],
      },
    ]);
  });

  it("keeps every description within Discord's 100 characters and says which subcommands need Manage Channels", () => {
    const descriptions = JSON.stringify(papers).match(/"description":"[^"]*"/g) ?? [];
    expect(descriptions.every((entry) => entry.length - '"description":""'.length <= 100)).toBe(true);
    const subscribe = papers?.options?.find((option) => option.name === "subscribe");
    expect(subscribe?.description).toBe("Post the daily digest in this channel (needs Manage Channels)");
  });
});
