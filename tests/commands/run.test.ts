/**
 * Every `/papers` command run against a real core on the sample corpus, as a
 * user in a channel would see the answer: search (typos too), top moved by
 * votes, one paper in full, subscribing with the next post time, admins
 * only where it matters, a digest once a day, and calm answers when the chat
 * service fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CommandContext,
  type CommandDeps,
  type Reply,
  handleCommand,
  handleCommandText,
  runCommand,
} from "../../src/commands/index.js";
import { COMMANDS } from "../../src/commands/declarations.js";
import { UserFacingError } from "../../src/core/errors.js";
import type { ChatPlatform } from "../../src/core/ports.js";
import { databaseKinds } from "../support/database.js";
import { createRecordingChat } from "../support/recording-chat.js";
import { type TestPaperboy, createTestClock, createTestPaperboy } from "../support/test-app.js";

function papersOf(reply: Reply) {
  if (reply.kind !== "papers") throw new Error(`expected papers, got ${JSON.stringify(reply)}`);
  return reply.papers;
}
function textOf(reply: Reply) {
  if (reply.kind !== "text") throw new Error(`expected text, got ${JSON.stringify(reply)}`);
  return reply.text;
}
function errorOf(reply: Reply) {
  if (reply.kind !== "error") throw new Error(`expected an error, got ${JSON.stringify(reply)}`);
  return reply;
}

describe.each(databaseKinds())("running /papers commands (%s)", (kind) => {
  let app: TestPaperboy;

  beforeAll(async () => {
    // 06:00 UTC on Friday 27 November 2026.
    app = await createTestPaperboy({ kind, clock: createTestClock("2026-11-27T06:00:00Z") });
  });
  afterAll(async () => {
    await app?.close();
  });

  const context = (channel: string, options: Partial<CommandContext> = {}): CommandContext => ({
    channel: { platform: "slack", workspace: "T-run", channel },
    user: "U-run",
    isAdmin: true,
    ...options,
  });
  const deps = (chat: ChatPlatform = createRecordingChat("slack")): CommandDeps => ({ paperboy: app.paperboy, chat, clock: app.clock, log: app.log });
  const run = (text: string, ctx = context("C-general"), chat?: ChatPlatform) => handleCommandText(text, ctx, deps(chat));

  it("finds at least five papers about spiking neural networks", async () => {
    const papers = papersOf(await run("spiking"));
    expect(papers.length).toBeGreaterThanOrEqual(5);
    for (const view of papers) expect(`${view.paper.title} ${view.paper.abstract}`).toMatch(/spik/i);
    expect(papers.filter((view) => /spiking/i.test(view.paper.title)).length).toBeGreaterThanOrEqual(3);
  });

  it("finds them with a typo too", async () => {
    const correct = papersOf(await run("spiking")).map((view) => view.paper.id);
    const typo = papersOf(await run("spikng"));
    expect(typo.length).toBeGreaterThanOrEqual(5);
    for (const view of typo) expect(`${view.paper.title} ${view.paper.abstract}`).toMatch(/spik/i);
    expect(typo.map((view) => view.paper.id).filter((id) => correct.includes(id)).length).toBeGreaterThanOrEqual(4);
  });

  it("says plainly when nothing matches", async () => {
    const reply = await run("qwxzvbnm");
    expect(reply).toMatchObject({ kind: "papers", papers: [] });
    expect(reply.kind === "papers" && reply.empty).toContain("qwxzvbnm");
  });

  it("shows votes in top, in this team", async () => {
    const before = papersOf(await run("top"));
    expect(before).toHaveLength(5);
    expect(before.every((view) => view.votes === 0)).toBe(true);
    const spiking = papersOf(await run("spiking"))[0]!.paper;
    await app.paperboy.vote({ platform: "slack", workspace: "T-run", user: "U1", paperId: spiking.id, emoji: "+1" });
    await app.paperboy.vote({ platform: "slack", workspace: "T-run", user: "U2", paperId: spiking.id, emoji: "fire" });
    const after = papersOf(await run("top week"));
    expect(after[0]).toMatchObject({ paper: { id: spiking.id }, votes: 2 });
    const otherTeam = await handleCommandText("top", { ...context("C-x"), channel: { platform: "slack", workspace: "T-elsewhere", channel: "C-x" } }, deps());
    expect(papersOf(otherTeam).every((view) => view.votes === 0)).toBe(true);
  });

  it("shows one paper in full, whatever spelling of its id", async () => {
    await app.paperboy.ingest({
      name: "one paper",
      async *fetch() {
        yield [{ id: "2411.30001", title: "A Paper To Show", abstract: "The whole abstract, every word of it.", authors: ["Grace Hopper"], source: "arxiv" as const }];
      },
    });
    const reply = await run("show arXiv:2411.30001v3");
    expect(reply).toMatchObject({
      kind: "paper",
      paper: { paper: { id: "2411.30001", title: "A Paper To Show", abstract: "The whole abstract, every word of it.", authors: ["Grace Hopper"] }, votes: 0 },
    });
  });

  it("says which paper it does not have, with something to try instead", async () => {
    const error = errorOf(await run("show 2411.39999"));
    expect(error.code).toBe("not-found");
    expect(error.message).toContain("2411.39999");
    expect(error.example).toMatch(/^\/papers /);
  });

  it("subscribes and says when the next digest comes, in the channel's zone", async () => {
    // 06:00 UTC is 07:00 in Berlin, so 08:30 Berlin is still to come today.
    const text = textOf(await run("subscribe time 08:30 timezone europe/berlin topics llm, agents", context("C-sub")));
    expect(text).toContain("08:30");
    expect(text).toContain("Europe/Berlin");
    expect(text).toContain("Fri 27 Nov");
    expect(text).toContain("llm, agents");
    expect(await app.paperboy.getChannel(context("C-sub").channel)).toMatchObject({ digestTime: "08:30", timezone: "Europe/Berlin", topics: ["llm", "agents"] });

    // 06:30 in Kolkata (UTC+5:30) passed at 01:00 UTC and there is no digest yet today: it comes at once.
    const kolkata = textOf(await run("subscribe 06:30 Asia/Kolkata", context("C-sub-kolkata")));
    expect(kolkata).toContain("Next digest: today's, within a minute.");
    expect(kolkata).toContain("Asia/Kolkata");
    // Once it is out, the next one is tomorrow's.
    await run("digest", context("C-sub-kolkata"));
    expect(textOf(await run("subscribe", context("C-sub-kolkata")))).toContain("Next digest: Sat 28 Nov at 06:30 Asia/Kolkata.");
  });

  it("unsubscribes, and says so when there was nothing to stop", async () => {
    await run("subscribe", context("C-unsub"));
    expect(textOf(await run("unsubscribe", context("C-unsub")))).toMatch(/^Unsubscribed/);
    expect(textOf(await run("unsubscribe", context("C-unsub")))).toMatch(/no daily digest to stop/);
  });

  it("refuses channel settings and digests to people who are not admins, and stores nothing", async () => {
    const chat = createRecordingChat("slack");
    const visitor = context("C-not-admin", { isAdmin: false });
    for (const text of ["subscribe time 08:00", "unsubscribe", "digest"]) {
      const error = errorOf(await run(text, visitor, chat));
      expect(error.code).toBe("not-allowed");
    }
    expect(await app.paperboy.getChannel(visitor.channel)).toBeUndefined();
    expect(chat.posts).toEqual([]);
    // Reading is for everyone.
    expect(papersOf(await run("spiking", visitor)).length).toBeGreaterThan(0);
    expect((await run("help", visitor)).kind).toBe("help");
  });

  it("posts the digest, and the second time points to the first", async () => {
    const recording = createRecordingChat("slack");
    // The same recording chat, with links to the thread as Slack and Discord give them.
    const chat: ChatPlatform = {
      platform: "slack",
      async postDigestRoot(channel, header) {
        const posted = await recording.postDigestRoot(channel, header);
        return { ...posted, permalink: `https://example.slack.com/archives/${channel.channel}/p${posted.messageId}` };
      },
      postDigestEntry: (channel, thread, entry) => recording.postDigestEntry(channel, thread, entry),
      postNotice: (channel, text) => recording.postNotice(channel, text),
    };
    expect(textOf(await run("digest", context("C-digest"), chat))).toMatch(/Posted today's digest: 5 papers/);
    const [root] = recording.roots("C-digest");
    const second = textOf(await run("digest", context("C-digest"), chat));
    expect(second).toMatch(/already posted/);
    expect(second).toContain(`https://example.slack.com/archives/C-digest/p${root!.message.messageId}`);
    expect(recording.roots("C-digest")).toHaveLength(1);
    expect(recording.posts).toHaveLength(6);
  });

  it("lists every command with an example in help", async () => {
    const reply = await run("help");
    if (reply.kind !== "help") throw new Error("expected help");
    expect(reply.sections).toHaveLength(COMMANDS.length);
    for (const section of reply.sections) {
      expect(section.examples.length).toBeGreaterThan(0);
      for (const example of section.examples) expect(example).toMatch(/^\/papers( |$)/);
    }
    expect(reply.sections.map((section) => section.usage).join(" ")).toMatch(/subscribe.*unsubscribe.*digest/s);
  });

  it("answers a parse mistake without running anything", async () => {
    const chat = createRecordingChat("slack");
    const error = errorOf(await run("subscibe", context("C-typo"), chat));
    expect(error.code).toBe("unknown-subcommand");
    expect(await app.paperboy.getChannel(context("C-typo").channel)).toBeUndefined();
  });

  it("turns an unexpected failure into one calm reply and one log line", async () => {
    const broken: ChatPlatform = {
      platform: "slack",
      postDigestRoot: async () => {
        throw new Error("socket hang up while talking to the chat service");
      },
      postDigestEntry: async () => {
        throw new Error("unreachable");
      },
      postNotice: async () => {
        throw new Error("unreachable");
      },
    };
    const errorsBefore = app.log.lines.filter((line) => line.level === "error").length;
    const reply = await handleCommand({ name: "digest" }, context("C-broken"), deps(broken));
    const error = errorOf(reply);
    expect(error.code).toBe("unavailable");
    expect(error.message).not.toContain("socket hang up");
    expect(error.message).toMatch(/try again/i);
    const errors = app.log.lines.filter((line) => line.level === "error").slice(errorsBefore);
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0]?.fields, (_key, value: unknown) => (value instanceof Error ? value.message : value))).toContain("socket hang up");

    // Nothing is stuck: the next attempt with a working chat posts the digest.
    expect(textOf(await run("digest", context("C-broken")))).toMatch(/digest: 5 papers/);
  });

  it("shows a chat service's own explanation when it is meant for the user", async () => {
    const refusing: ChatPlatform = {
      platform: "discord",
      postDigestRoot: async () => {
        throw new UserFacingError("I can't start threads in #papers: give me Create Public Threads.");
      },
      postDigestEntry: async () => {
        throw new Error("unreachable");
      },
      postNotice: async () => {
        throw new Error("unreachable");
      },
    };
    const errorsBefore = app.log.lines.filter((line) => line.level === "error").length;
    const reply = await runCommand({ name: "help" }, context("C-refused"), deps(refusing));
    expect(reply.kind).toBe("help");
    const error = errorOf(await handleCommandText("digest", context("C-refused"), deps(refusing)));
    expect(error.message).toBe("I can't start threads in #papers: give me Create Public Threads.");
    expect(app.log.lines.filter((line) => line.level === "error").slice(errorsBefore)).toEqual([]);
  });
});
