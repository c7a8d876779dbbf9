/**
 * The rules for reading Slack's payloads: which reactions are votes, who is an
 * admin, what a button click refers to.
 */
import { describe, expect, it } from "vitest";
import {
  buttonClick,
  canonicalEmoji,
  commandContextOf,
  isSlackAdmin,
  parseActionValue,
  parseSlackMessageId,
  reactionVote,
  slackMessageId,
} from "../../../src/adapters/slack/inbound.js";
import { encodeActionValue } from "../../../src/adapters/slack/render.js";

const voteEmoji = ["+1", "arrow_up", "fire", "heart", "rocket"];
const reaction = (overrides: Record<string, unknown> = {}) => ({
  type: "reaction_added",
  user: "U0ALICE",
  reaction: "+1",
  item: { type: "message", channel: "C0PAPERS", ts: "1764230400.000100" },
  ...overrides,
});

describe("reactionVote", () => {
  it("reads a vote emoji on a message as a vote on that message", () => {
    expect(reactionVote(reaction(), { voteEmoji, botUserId: "U0BOT" })).toEqual({
      change: "vote",
      user: "U0ALICE",
      emoji: "+1",
      channel: "C0PAPERS",
      ts: "1764230400.000100",
      messageId: "C0PAPERS:1764230400.000100",
    });
  });

  it("reads a removed reaction as taking the vote back", () => {
    expect(reactionVote(reaction({ type: "reaction_removed" }), { voteEmoji })?.change).toBe("unvote");
  });

  it("counts a skin-toned thumbs up as the plain one", () => {
    expect(reactionVote(reaction({ reaction: "+1::skin-tone-2" }), { voteEmoji })?.emoji).toBe("+1");
  });

  it("ignores emoji that are not votes, the bot's own reactions, and reactions on files", () => {
    expect(reactionVote(reaction({ reaction: "eyes" }), { voteEmoji })).toBeUndefined();
    expect(reactionVote(reaction({ user: "U0BOT" }), { voteEmoji, botUserId: "U0BOT" })).toBeUndefined();
    expect(reactionVote(reaction({ item: { type: "file", file: "F1" } }), { voteEmoji })).toBeUndefined();
  });

  it("accepts configured names with colons or Slack's aliases", () => {
    expect(reactionVote(reaction(), { voteEmoji: [":thumbsup:"] })?.emoji).toBe("+1");
    expect(canonicalEmoji(":Rocket:")).toBe("rocket");
  });
});

describe("message ids", () => {
  it("joins and splits channel and ts", () => {
    expect(slackMessageId("C1", "1.2")).toBe("C1:1.2");
    expect(parseSlackMessageId("C1:1.2")).toEqual({ channel: "C1", ts: "1.2" });
    expect(parseSlackMessageId("nonsense")).toBeUndefined();
  });
});

describe("admins", () => {
  it("lets everyone change settings when no admins are configured", () => {
    expect(isSlackAdmin("U1", [])).toBe(true);
  });

  it("limits settings to the configured admins", () => {
    expect(isSlackAdmin("U1", ["U2"])).toBe(false);
    const context = commandContextOf({ team_id: "T1", channel_id: "C1", user_id: "U2", text: "" }, ["U2"]);
    expect(context).toEqual({ channel: { platform: "slack", workspace: "T1", channel: "C1" }, user: "U2", isAdmin: true });
  });
});

describe("buttons", () => {
  it("reads back what the renderer put in a button", () => {
    expect(parseActionValue(encodeActionValue({ paper: "2401.12345", command: "spiking" }))).toEqual({
      paper: "2401.12345",
      command: "spiking",
    });
    expect(parseActionValue("not json")).toBeUndefined();
    expect(parseActionValue('{"paper":7}')).toBeUndefined();
  });

  it("knows a click in an ephemeral answer has no message to update", () => {
    const body = {
      user: { id: "U1", team_id: "T1" },
      team: { id: "T1" },
      channel: { id: "C1" },
      container: { channel_id: "C1", message_ts: "1.1", is_ephemeral: true },
    };
    expect(buttonClick(body)).toEqual({ user: "U1", workspace: "T1", channel: "C1", messageTs: undefined, ephemeral: true });
    expect(buttonClick({ ...body, container: { ...body.container, is_ephemeral: false }, message: { ts: "1.1" } })).toEqual({
      user: "U1",
      workspace: "T1",
      channel: "C1",
      messageTs: "1.1",
      ephemeral: false,
    });
  });
});
