/**
 * The Discord adapter end to end: the real discord.js client, logged in to a
 * fake Discord over loopback, in front of a real paperboy on each test
 * database. Each test plays what people do in a server (slash commands,
 * buttons, reactions) and checks what they would see: the answers Discord
 * received, the messages and threads posted, the votes counted.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PermissionFlagsBits } from "discord.js";
import { databaseKinds } from "../../support/database.js";
import { createDiscordAdapter } from "../../../src/adapters/discord/index.js";
import { createFakeDiscord, type ApiMessage } from "../../support/fake-discord.js";
import type { TestPaperboy } from "../../support/test-app.js";
import { createSuiteApp, startDiscordHarness, waitUntil, type DiscordHarness } from "./harness.js";

interface SentEmbed {
  title?: string;
  description?: string;
  footer?: { text: string };
}
interface SentComponent {
  components: Array<{ custom_id?: string; label?: string }>;
}

const embedsOf = (message: { embeds: unknown[] }): SentEmbed[] => message.embeds as SentEmbed[];
const buttonsOf = (message: { components: unknown[] }) =>
  (message.components as SentComponent[]).flatMap((row) => row.components);
const paperIdOf = (embed: SentEmbed | undefined): string => {
  const id = embed?.footer?.text.split(" · ").pop();
  if (!id) throw new Error("embed has no paper id in its footer");
  return id;
};

function hasOverwrite(h: DiscordHarness, channelId: string): boolean {
  const channel = h.adapter.client.channels.cache.get(channelId);
  return channel !== undefined && "permissionOverwrites" in channel && channel.permissionOverwrites.cache.size > 0;
}

describe.each(databaseKinds())("the Discord adapter on %s", (kind) => {
  let app: TestPaperboy;
  let h: DiscordHarness;

  beforeAll(async () => {
    app = await createSuiteApp(kind);
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    h = await startDiscordHarness(app);
  });
  afterEach(async () => {
    await h?.close();
  });

  /** Subscribes the text channel and posts today's digest; returns the paper messages in the thread. */
  async function postDigest(): Promise<{ root: ApiMessage; entries: ApiMessage[] }> {
    await h.slash("subscribe", { time: "09:00", timezone: "UTC" });
    await h.slash("digest");
    const root = h.fake.requestsTo("POST", new RegExp(`^/channels/${h.fake.channels.text}/messages$`)).length;
    expect(root).toBe(1);
    const rootMessage = [...h.fake.messages.values()].find((message) => message.thread !== undefined);
    if (!rootMessage?.thread) throw new Error("no digest thread was started");
    const entries = [...h.fake.messages.values()].filter((message) => message.channel_id === rootMessage.thread?.id);
    return { root: rootMessage, entries };
  }

  it("answers /papers search query:spiking privately with embeds of spiking papers", async () => {
    const { handle, answer } = await h.slash("search", { query: "spiking" }, { person: h.fake.people.member });

    const [callback] = h.fake.requestsTo("POST", new RegExp(`^/interactions/${handle.id}/`));
    expect(callback?.body).toEqual({ type: 5, data: { flags: 64 } });
    const embeds = embedsOf(answer);
    expect(embeds.length).toBeGreaterThanOrEqual(3);
    for (const embed of embeds.slice(0, 3)) expect(`${embed.title} ${embed.description}`).toMatch(/spik/i);
    expect(buttonsOf(answer).map((button) => button.custom_id?.split(":")[0])).toContain("upvote");
    const [edit] = h.fake.requestsTo("PATCH", new RegExp(`/${handle.token}/messages/@original$`));
    expect((edit?.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
  });

  it("shows one paper in full by its id, and says clearly when an id is not one", async () => {
    const [known] = await h.app.paperboy.suggestTitles("spiking", 1);
    const { answer } = await h.slash("show", { id: known?.id ?? "" }, { person: h.fake.people.member });
    expect(embedsOf(answer)).toHaveLength(1);
    expect(embedsOf(answer)[0]?.title).toBe(known?.title);
    expect(buttonsOf(answer).map((button) => button.custom_id)).toEqual([`upvote:${known?.id}`, `share:${known?.id}`]);

    const { answer: wrong } = await h.slash("show", { id: "not-an-id" }, { person: h.fake.people.member });
    expect(wrong.content).toBe('⚠️ "not-an-id" is not an arXiv id.\nTry: `/papers show id:2401.12345`');
  });

  it("lists what is trending this week", async () => {
    const { answer } = await h.slash("top", { period: "week" }, { person: h.fake.people.member });
    expect(answer.content).toBe("**Trending this week**");
    expect(embedsOf(answer).length).toBe(5);
  });

  it("suggests matching titles while the query is typed", async () => {
    const handle = h.fake.autocomplete({ person: h.fake.people.member, subcommand: "search", option: "query", value: "spiking" });
    const callback = await waitUntil(
      () => h.fake.requestsTo("POST", new RegExp(`^/interactions/${handle.id}/`))[0],
      "the autocomplete answer",
    );
    const body = callback.body as { type: number; data: { choices: Array<{ name: string; value: string }> } };
    expect(body.type).toBe(8);
    expect(body.data.choices.length).toBeGreaterThan(0);
    expect(body.data.choices.length).toBeLessThanOrEqual(25);
    expect(body.data.choices.every((choice) => choice.name.length <= 100)).toBe(true);
  });

  it("posts a digest as a root message, a thread on it, and one message per paper in the thread", async () => {
    const { root, entries } = await postDigest();

    expect(root.channel_id).toBe(h.fake.channels.text);
    expect(root.content).toMatch(/^📰 \*\*Trending papers, /);
    expect(root.content).toContain("React with");
    expect(root.thread?.type).toBe(11);
    expect(root.thread?.name).toMatch(/^Trending papers, /);
    expect(entries).toHaveLength(5);
    expect(entries.map((entry) => embedsOf(entry)[0]?.title?.slice(0, 2))).toEqual(["1.", "2.", "3.", "4.", "5."]);
    for (const entry of entries) {
      expect(await h.app.paperboy.findPaperByMessage("discord", entry.id)).toBe(paperIdOf(embedsOf(entry)[0]));
    }
    for (const request of h.fake.requestsTo("POST", /^\/channels\/\d+\/messages$/)) {
      expect((request.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
    }
  });

  it("counts a reaction as one vote, a second emoji from the same person still as one, and takes it back when removed", async () => {
    const { entries } = await postDigest();
    const entry = entries[0] as ApiMessage;
    const paperId = paperIdOf(embedsOf(entry)[0]);
    const grace = h.fake.people.member;

    h.fake.react({ person: grace, messageId: entry.id, emoji: "👍" });
    await waitUntil(async () => (await h.votes(paperId)) === 1, "the first vote");

    h.fake.react({ person: grace, messageId: entry.id, emoji: "🔥" });
    await waitUntil(async () => (await h.voteRows(paperId)) === 2, "the second emoji to be stored");
    expect(await h.votes(paperId)).toBe(1);

    h.fake.unreact({ person: grace, messageId: entry.id, emoji: "👍" });
    await waitUntil(async () => (await h.voteRows(paperId)) === 1, "the first emoji to be removed");
    expect(await h.votes(paperId)).toBe(1);
    h.fake.unreact({ person: grace, messageId: entry.id, emoji: "🔥" });
    await waitUntil(async () => (await h.votes(paperId)) === 0, "the vote to be taken back");
  });

  it("ignores reactions from bots and emoji that are not votes", async () => {
    const { entries } = await postDigest();
    const entry = entries[1] as ApiMessage;
    const paperId = paperIdOf(embedsOf(entry)[0]);

    h.fake.react({ person: h.fake.people.otherBot, messageId: entry.id, emoji: "👍" });
    h.fake.react({ person: h.fake.people.moderator, messageId: entry.id, emoji: "😂" });
    // A person's vote after them: once it is counted, the reactions before it have been handled.
    h.fake.react({ person: h.fake.people.member, messageId: entry.id, emoji: "❤️" });
    await waitUntil(async () => (await h.votes(paperId)) >= 1, "the person's vote");
    expect(await h.votes(paperId)).toBe(1);
    expect(await h.voteRows(paperId)).toBe(1);
  });

  it("counts a reaction on a paper message the client has never seen", async () => {
    const message = h.fake.seedMessage(h.fake.channels.text, "an old share");
    const [paper] = await h.app.paperboy.suggestTitles("spiking", 1);
    if (!paper) throw new Error("the sample corpus has no spiking paper");
    await h.app.paperboy.recordPaperMessage(
      { platform: "discord", workspace: h.fake.guildId, channel: h.fake.channels.text },
      paper.id,
      { messageId: message.id },
    );
    expect(h.adapter.client.channels.cache.get(h.fake.channels.text)).toBeDefined();

    h.fake.react({ person: h.fake.people.member, messageId: message.id, emoji: "🚀" });
    await waitUntil(async () => (await h.votes(paper.id)) === 1, "the vote on an uncached message");
  });

  it("still counts reactions on a digest posted before a restart", async () => {
    const { entries } = await postDigest();
    const entry = entries[2] as ApiMessage;
    const paperId = paperIdOf(embedsOf(entry)[0]);
    await h.restart();

    h.fake.react({ person: h.fake.people.member, messageId: entry.id, emoji: "👍" });
    await waitUntil(async () => (await h.votes(paperId)) === 1, "the vote after the restart");
  });

  it("counts reactions in a digest thread that was archived before a restart, which discord.js itself never sees", async () => {
    const { root, entries } = await postDigest();
    const entry = entries[3] as ApiMessage;
    const paperId = paperIdOf(embedsOf(entry)[0]);
    h.fake.archiveThread(root.thread?.id ?? "");
    await h.restart();
    expect(h.adapter.client.channels.cache.has(root.thread?.id ?? "")).toBe(false);

    h.fake.react({ person: h.fake.people.member, messageId: entry.id, emoji: "👍" });
    await waitUntil(async () => (await h.votes(paperId)) === 1, "the vote in the archived thread");
    h.fake.unreact({ person: h.fake.people.member, messageId: entry.id, emoji: "👍" });
    await waitUntil(async () => (await h.votes(paperId)) === 0, "the vote taken back in the archived thread");
  });

  it("records a vote from the Upvote button and shows the new count on the message", async () => {
    const { answer } = await h.slash("search", { query: "spiking" }, { person: h.fake.people.member });
    const upvote = buttonsOf(answer).find((button) => button.custom_id?.startsWith("upvote:"));
    const paperId = upvote?.custom_id?.slice("upvote:".length) ?? "";
    expect(upvote?.label).toBe("▲ #1 · 0");

    const click = h.fake.clickButton({ person: h.fake.people.member, customId: `upvote:${paperId}`, messageId: answer.id });
    await waitUntil(async () => (await h.votes(paperId)) === 1, "the button vote");
    const updated = await waitUntil(() => {
      const message = h.fake.messages.get(answer.id);
      return message && buttonsOf(message)[0]?.label === "▲ #1 · 1" ? message : undefined;
    }, "the count on the button");
    expect(embedsOf(updated)[0]?.footer?.text).toBe(`▲ 1 vote · ${paperId}`);
    const [callback] = h.fake.requestsTo("POST", new RegExp(`^/interactions/${click.id}/`));
    expect(callback?.body).toEqual({ type: 6 });
  });

  it("answers a failed Upvote privately and leaves the public digest message as it was", async () => {
    const { entries } = await postDigest();
    const entry = entries[0] as ApiMessage;
    const paperId = paperIdOf(embedsOf(entry)[0]);
    h.fake.fail({ method: "PATCH", path: /\/messages\/@original$/, status: 404, code: 10008, message: "Unknown Message", times: 1 });

    const click = h.fake.clickButton({ person: h.fake.people.member, customId: `upvote:${paperId}`, messageId: entry.id });
    const followUp = await waitUntil(
      () => h.fake.requestsTo("POST", new RegExp(`^/webhooks/${h.fake.applicationId}/${click.token}$`))[0],
      "the private follow-up",
    );
    expect(followUp.body).toMatchObject({
      content: "Something went wrong on my side; it has been logged. Please try again in a minute.",
      flags: 64,
      allowed_mentions: { parse: [] },
    });
    expect(h.fake.messages.get(entry.id)?.content).toBe("");
    expect(h.fake.messages.get(entry.id)?.edited_timestamp).toBeNull();
    expect(await h.votes(paperId)).toBe(1);
  });

  it("shares a search result in the channel, where reactions on it count", async () => {
    const { answer } = await h.slash("search", { query: "spiking" }, { person: h.fake.people.member });
    const share = buttonsOf(answer).find((button) => button.custom_id?.startsWith("share:"));
    const paperId = share?.custom_id?.slice("share:".length) ?? "";

    h.fake.clickButton({ person: h.fake.people.member, customId: `share:${paperId}`, messageId: answer.id });
    const posted = await waitUntil(
      () => [...h.fake.messages.values()].find((message) => message.channel_id === h.fake.channels.text && message.content.startsWith("📎")),
      "the shared paper",
    );
    expect(posted.content).toBe(`📎 Shared by <@${h.fake.people.member.user.id}>`);
    await waitUntil(async () => (await h.app.paperboy.findPaperByMessage("discord", posted.id)) === paperId, "the share to be recorded");

    h.fake.react({ person: h.fake.people.moderator, messageId: posted.id, emoji: "👍" });
    await waitUntil(async () => (await h.votes(paperId)) === 1, "a vote on the shared paper");
  });

  it("subscribes with every option Discord offers, the size included", async () => {
    await h.slash("subscribe", { time: "07:45", timezone: "Europe/Berlin", size: "3", topics: "llm, agents" });
    const settings = await h.app.paperboy.getChannel({ platform: "discord", workspace: h.fake.guildId, channel: h.fake.channels.text });
    expect(settings).toMatchObject({ digestTime: "07:45", timezone: "Europe/Berlin", digestSize: 3, topics: ["llm", "agents"], enabled: true });
  });

  it("does not let a member without Manage Channels subscribe the channel", async () => {
    const { answer } = await h.slash("subscribe", { time: "08:00" }, { person: h.fake.people.member });

    expect(answer.content).toContain("Manage Channels");
    expect(await h.app.paperboy.getChannel({ platform: "discord", workspace: h.fake.guildId, channel: h.fake.channels.text })).toBeUndefined();
    expect(h.fake.requestsTo("POST", /^\/channels\//)).toHaveLength(0);
  });

  it("keeps working after the gateway drops the connection: the session resumes and later reactions count", async () => {
    const { entries } = await postDigest();
    const entry = entries[0] as ApiMessage;
    const paperId = paperIdOf(embedsOf(entry)[0]);

    h.fake.dropConnections(4000);
    h.fake.react({ person: h.fake.people.member, messageId: entry.id, emoji: "👍" });
    await waitUntil(async () => (await h.votes(paperId)) === 1, "the vote sent while disconnected");
    await waitUntil(() => h.fake.gateway.hasLiveSession(), "the resumed session");
    h.fake.react({ person: h.fake.people.moderator, messageId: entry.id, emoji: "👍" });
    await waitUntil(async () => (await h.votes(paperId)) === 2, "a vote after the resume");
    expect(h.fake.gateway.stats.resumes).toBe(1);
    expect(h.fake.gateway.stats.identifies).toBe(1);
  });

  it("explains that a forum channel cannot hold a digest, and posts nothing there", async () => {
    const { answer } = await h.slash("digest", {}, { channel: h.fake.channels.forum });

    expect(answer.content).toContain("forum channel");
    expect(answer.content).toContain("Use a text channel");
    expect(h.fake.requestsTo("POST", /^\/channels\//)).toHaveLength(0);
    const { answer: after } = await h.slash("help");
    expect(embedsOf(after)[0]?.title).toBe("paperboy");
  });

  it("tells a moderator which permission the bot lacks before subscribing a channel where it cannot start threads", async () => {
    h.fake.denyBot(h.fake.channels.text, PermissionFlagsBits.CreatePublicThreads);
    await waitUntil(
      () => hasOverwrite(h, h.fake.channels.text),
      "the channel update",
    );
    const { answer } = await h.slash("subscribe");

    expect(answer.content).toBe(
      `⚠️ I can't start threads in <#${h.fake.channels.text}>: give me Create Public Threads there, or use a text channel where I have them.`,
    );
    expect(await h.app.paperboy.getChannel({ platform: "discord", workspace: h.fake.guildId, channel: h.fake.channels.text })).toBeUndefined();
  });

  it("logs a failed answer once and tells the user calmly, then keeps answering", async () => {
    h.fake.fail({ method: "PATCH", path: /\/messages\/@original$/, status: 404, code: 10015, message: "Unknown Webhook", times: 1 });
    const { answer } = await h.slash("search", { query: "spiking" });

    expect(answer.content).toBe("Something went wrong on my side; it has been logged. Please try again in a minute.");
    expect(h.logLines().filter((line) => line.level === "error").map((line) => line.message)).toEqual([
      "discord: /papers search failed",
    ]);
    const { answer: next } = await h.slash("search", { query: "spiking" });
    expect(embedsOf(next).length).toBeGreaterThan(0);
  });

  it("says which permissions are missing when Discord refuses to start the thread, and removes the orphaned root", async () => {
    h.fake.fail({ method: "POST", path: /\/threads$/, status: 403, code: 50013, message: "Missing Permissions", times: 1 });
    await h.slash("subscribe", {}, { channel: h.fake.channels.announcement });
    const { answer } = await h.slash("digest", {}, { channel: h.fake.channels.announcement });

    expect(answer.content).toContain(`I can't start threads in <#${h.fake.channels.announcement}>`);
    expect(answer.content).toContain("Create Public Threads");
    expect(h.fake.requestsTo("DELETE", new RegExp(`^/channels/${h.fake.channels.announcement}/messages/\\d+$`))).toHaveLength(1);
    expect(h.logLines().filter((line) => line.level === "error")).toEqual([]);
  });
});

describe("starting with a token Discord refuses", () => {
  it("names the variable to fix and keeps the token out of the message", async () => {
    const app = await createSuiteApp(databaseKinds()[0] ?? "pglite", []);
    const fake = await createFakeDiscord();
    fake.fail({ method: "GET", path: /^\/gateway\/bot$/, status: 401, code: 0, message: "401: Unauthorized" });
    const adapter = createDiscordAdapter(
      { token: "revoked-token", apiUrl: fake.apiUrl, voteEmoji: ["👍"] },
      { paperboy: app.paperboy, log: app.log, clock: app.clock },
    );
    try {
      const failure = await adapter.start().then(
        () => undefined,
        (error: unknown) => error as Error,
      );
      expect(failure?.message).toBe("Discord refused DISCORD_TOKEN: copy a fresh one from the Developer Portal (Bot → Reset Token)");
      expect(JSON.stringify(app.log.lines)).not.toContain("revoked-token");
    } finally {
      await adapter.stop();
      await fake.close();
      await app.close();
    }
  });
});

describe.each(databaseKinds())("hostile paper text on %s", (kind) => {
  let app: TestPaperboy;
  let h: DiscordHarness;
  const hostile = "@everyone <@123> **bold** spiking";

  beforeEach(async () => {
    app = await createSuiteApp(kind, [
      { title: hostile, abstract: "Pings <@&42> and @here in the abstract.", authors: ["<#77> Mallory"], source: "file" },
    ]);
    h = await startDiscordHarness(app);
  });
  afterEach(async () => {
    await h?.close();
    await app?.close();
  });

  it("never pings anyone and shows the markdown literally, in answers and in digests", async () => {
    const { handle, answer } = await h.slash("search", { query: "spiking" });
    const [edit] = h.fake.requestsTo("PATCH", new RegExp(`/${handle.token}/messages/@original$`));
    expect((edit?.body as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });
    const embed = embedsOf(answer)[0];
    expect(embed?.title).toBe("1. @\u200beveryone <\u200b@123> \\*\\*bold\\*\\* spiking");
    expect(embed?.description).toBe("*<\u200b#77> Mallory*\nPings <\u200b@&42> and @\u200bhere in the abstract.");

    await h.slash("subscribe");
    await h.slash("digest");
    const posts = h.fake.requestsTo("POST", /^\/channels\/\d+\/messages$/);
    expect(posts.length).toBe(2);
    for (const post of posts) {
      const body = post.body as { allowed_mentions?: unknown };
      expect(body.allowed_mentions).toEqual({ parse: [] });
      expect(JSON.stringify(body)).not.toMatch(/@everyone|<@123>|@here|<@&42>|<#77>/);
    }
  });
});
