/**
 * The daily digest as a channel sees it: five trending papers in a thread,
 * never a paper the channel already had, only its topics when it has some,
 * one plain line when there is nothing new, once a day, resumed in the same
 * thread when posting broke off, and every paper message traceable to its
 * paper so a reaction can count as a vote.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchesTopics } from "../../src/core/digest/choose-papers.js";
import type { ChannelRef } from "../../src/core/types.js";
import { databaseKinds } from "../support/database.js";
import { type RecordingChat, createRecordingChat } from "../support/recording-chat.js";
import { type TestPaperboy, createTestClock, createTestPaperboy } from "../support/test-app.js";

const DAY = 24 * 3_600_000;
const channel = (id: string): ChannelRef => ({ platform: "slack", workspace: "T-digest", channel: id });

describe.each(databaseKinds())("digests (%s)", (kind) => {
  let app: TestPaperboy;

  beforeAll(async () => {
    app = await createTestPaperboy({ kind, clock: createTestClock("2026-11-27T10:00:00Z") });
  });
  afterAll(async () => {
    await app?.close();
  });

  function onlyThread(chat: RecordingChat, id: string) {
    const roots = chat.roots(id);
    expect(roots).toHaveLength(1);
    const root = roots[0]!;
    return { root, entries: chat.entriesIn(root.message) };
  }

  it("posts five papers by default in one thread, numbered in order, with a header that says so", async () => {
    const chat = createRecordingChat("slack");
    const outcome = await app.paperboy.postDigest(channel("C-default"), chat);
    expect(outcome).toMatchObject({ status: "posted", localDate: "2026-11-27", entries: 5, resumed: false });
    const { root, entries } = onlyThread(chat, "C-default");
    expect(root.header).toMatchObject({ localDate: "2026-11-27", paperCount: 5 });
    expect(root.header.title).toContain("27 Nov");
    expect(entries.map((post) => post.entry.position)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(entries.map((post) => post.entry.paper.id)).size).toBe(5);
    expect(chat.notices()).toEqual([]);
  });

  it("never posts a paper twice in the same channel, day after day", async () => {
    const chat = createRecordingChat("slack");
    const ref = channel("C-days");
    await app.paperboy.subscribe(ref, { digestSize: 4 });
    const seen: string[] = [];
    for (const day of ["2026-11-27", "2026-11-28", "2026-11-29"]) {
      const outcome = await app.paperboy.postDigest(ref, chat);
      expect(outcome).toMatchObject({ status: "posted", localDate: day, entries: 4 });
      app.clock.advance(DAY);
      seen.push(...chat.posts.filter((post) => post.kind === "entry").slice(-4).map((post) => (post.kind === "entry" ? post.entry.paper.id : "")));
    }
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    app.clock.set("2026-11-27T10:00:00Z");
  });

  it("still offers the papers of a digest that failed before posting them, the next day", async () => {
    const chat = createRecordingChat("slack");
    const ref = channel("C-failed-day");
    chat.failChannel("C-failed-day");
    await expect(app.paperboy.postDigest(ref, chat)).rejects.toThrow();
    chat.recover();
    app.clock.advance(DAY);
    const outcome = await app.paperboy.postDigest(ref, chat);
    app.clock.set("2026-11-27T10:00:00Z");

    // The same five papers would have led the failed day; they were never posted here, so they still lead.
    const fresh = createRecordingChat("slack");
    app.clock.advance(DAY);
    await app.paperboy.postDigest(channel("C-failed-day-twin"), fresh);
    app.clock.set("2026-11-27T10:00:00Z");
    expect(outcome).toMatchObject({ status: "posted", localDate: "2026-11-28" });
    const posted = chat.posts.flatMap((post) => (post.kind === "entry" ? [post.entry.paper.id] : []));
    const twin = fresh.posts.flatMap((post) => (post.kind === "entry" ? [post.entry.paper.id] : []));
    expect(posted).toEqual(twin);
  });

  it("retries a digest that keeps failing at the next tick once, then less and less often", async () => {
    const chat = createRecordingChat("slack");
    const ref = channel("C-keeps-failing");
    await app.paperboy.subscribe(ref, { digestTime: "09:00", timezone: "UTC" });
    chat.failChannel("C-keeps-failing");
    const MINUTE = 60_000;
    const due = async () =>
      (await app.paperboy.dueChannels(app.clock.now(), ["slack"])).some((settings) => settings.channel === "C-keeps-failing");

    await expect(app.paperboy.postDigest(ref, chat)).rejects.toThrow();
    app.clock.advance(MINUTE);
    expect(await due()).toBe(true);
    await expect(app.paperboy.postDigest(ref, chat)).rejects.toThrow();
    // Second failure: two minutes' rest.
    app.clock.advance(MINUTE);
    expect(await due()).toBe(false);
    app.clock.advance(MINUTE + 1000);
    expect(await due()).toBe(true);
    await expect(app.paperboy.postDigest(ref, chat)).rejects.toThrow();
    // Third: four minutes.
    app.clock.advance(3 * MINUTE);
    expect(await due()).toBe(false);
    app.clock.advance(MINUTE + 1000);
    expect(await due()).toBe(true);

    chat.recover();
    expect(await app.paperboy.postDigest(ref, chat)).toMatchObject({ status: "posted", resumed: true });
    app.clock.set("2026-11-27T10:00:00Z");
  });

  it("lets another channel have the papers this channel already had", async () => {
    const first = createRecordingChat("slack");
    const second = createRecordingChat("slack");
    await app.paperboy.postDigest(channel("C-one"), first);
    await app.paperboy.postDigest(channel("C-two"), second);
    const papers = (chat: RecordingChat, id: string) => onlyThread(chat, id).entries.map((post) => post.entry.paper.id);
    expect(papers(second, "C-two")).toEqual(papers(first, "C-one"));
  });

  it("gives a channel subscribed to spiking only papers about spiking", async () => {
    const chat = createRecordingChat("slack");
    const ref = channel("C-spiking");
    await app.paperboy.subscribe(ref, { topics: ["spiking"] });
    expect(await app.paperboy.postDigest(ref, chat)).toMatchObject({ status: "posted", entries: 5 });
    const { entries } = onlyThread(chat, "C-spiking");
    expect(entries).toHaveLength(5);
    for (const { entry } of entries) expect(`${entry.paper.title} ${entry.paper.abstract}`).toMatch(/spiking/i);
  });

  it("matches topics by word start, in title, abstract or categories", () => {
    const paper = { title: "Scaling LLMs", abstract: "We study agentic workflows.", categories: ["cs.NE"] };
    expect(matchesTopics(paper, [])).toBe(true);
    expect(matchesTopics(paper, ["llm"])).toBe(true);
    expect(matchesTopics(paper, ["agent"])).toBe(true);
    expect(matchesTopics(paper, ["cs.ne"])).toBe(true);
    expect(matchesTopics(paper, ["ling"])).toBe(false);
    expect(matchesTopics(paper, ["spiking", "robotics"])).toBe(false);
  });

  it("says there is nothing new in one line, opens no thread, and says it once", async () => {
    const chat = createRecordingChat("slack");
    const ref = channel("C-nothing");
    await app.paperboy.subscribe(ref, { topics: ["zyxwvutsrq"] });
    expect(await app.paperboy.postDigest(ref, chat)).toEqual({ status: "nothing-new", localDate: "2026-11-27", noticePosted: true });
    expect(await app.paperboy.postDigest(ref, chat)).toMatchObject({ status: "nothing-new", noticePosted: false });
    expect(chat.roots()).toEqual([]);
    expect(chat.posts.filter((post) => post.kind === "entry")).toEqual([]);
    expect(chat.notices("C-nothing")).toHaveLength(1);
    expect(chat.notices("C-nothing")[0]?.text).toMatch(/no new papers/i);
  });

  it("posts nothing the second time the same local day, and points to the first thread", async () => {
    const chat = createRecordingChat("slack");
    const ref = channel("C-twice");
    const first = await app.paperboy.postDigest(ref, chat);
    expect(first.status).toBe("posted");
    const postsAfterFirst = chat.posts.length;
    app.clock.advance(3 * 3_600_000);
    const second = await app.paperboy.postDigest(ref, chat);
    expect(second.status).toBe("already-posted");
    expect(second.status === "already-posted" && second.root?.messageId).toBe(first.status === "posted" && first.root.messageId);
    expect(chat.posts).toHaveLength(postsAfterFirst);
    app.clock.set("2026-11-27T10:00:00Z");
  });

  it("resumes a digest that broke off at the third paper: papers 3 to 5 only, in the same thread", async () => {
    const chat = createRecordingChat("slack");
    const ref = channel("C-resume");
    // Post 1 is the root, posts 2 and 3 the first two papers; the third paper (post 4) fails.
    chat.failOnPost(4);
    await expect(app.paperboy.postDigest(ref, chat)).rejects.toThrow(/unavailable/);
    const { root } = onlyThread(chat, "C-resume");
    expect(chat.entriesIn(root.message).map((post) => post.entry.position)).toEqual([1, 2]);

    const postsBefore = chat.posts.length;
    const outcome = await app.paperboy.postDigest(ref, chat);
    expect(outcome).toMatchObject({ status: "posted", entries: 5, resumed: true });
    expect(outcome.status === "posted" && outcome.root.messageId).toBe(root.message.messageId);
    const resumedPosts = chat.posts.slice(postsBefore);
    expect(resumedPosts.map((post) => (post.kind === "entry" ? post.entry.position : post.kind))).toEqual([3, 4, 5]);
    expect(chat.roots("C-resume")).toHaveLength(1);
    const positions = chat.entriesIn(root.message).map((post) => post.entry.position);
    expect(positions).toEqual([1, 2, 3, 4, 5]);
  });

  it("maps every posted paper message back to its paper, so a reaction there is a vote for it", async () => {
    const chat = createRecordingChat("slack");
    await app.paperboy.postDigest(channel("C-messages"), chat);
    const { root, entries } = onlyThread(chat, "C-messages");
    expect(entries).toHaveLength(5);
    for (const { message, entry } of entries) {
      expect(await app.paperboy.findPaperByMessage("slack", message.messageId)).toBe(entry.paper.id);
    }
    expect(await app.paperboy.findPaperByMessage("slack", root.message.messageId)).toBeUndefined();
    expect(await app.paperboy.findPaperByMessage("discord", entries[0]!.message.messageId)).toBeUndefined();

    const paperId = (await app.paperboy.findPaperByMessage("slack", entries[2]!.message.messageId))!;
    await app.paperboy.vote({ platform: "slack", workspace: "T-digest", user: "U1", paperId, emoji: "+1" });
    expect(await app.paperboy.voteCount(entries[2]!.entry.paper.id, { platform: "slack", workspace: "T-digest" })).toBe(1);
  });

  it("remembers a shared search result's message too", async () => {
    const [view] = await app.paperboy.topPapers("week", { platform: "slack", workspace: "T-digest" }, 1);
    await app.paperboy.recordPaperMessage(channel("C-shared"), view!.paper.id, { messageId: "C-shared-shared-1" });
    expect(await app.paperboy.findPaperByMessage("slack", "C-shared-shared-1")).toBe(view!.paper.id);
  });

  it("puts papers the team voted for first", async () => {
    const scope = { platform: "slack" as const, workspace: "T-digest-votes" };
    const ref: ChannelRef = { ...scope, channel: "C-voted" };
    const [, , , , , , , last] = await app.paperboy.topPapers("week", scope, 8);
    await app.paperboy.vote({ ...scope, user: "U9", paperId: last!.paper.id, emoji: "+1" });
    const chat = createRecordingChat("slack");
    await app.paperboy.postDigest(ref, chat);
    const { entries } = onlyThread(chat, "C-voted");
    expect(entries[0]?.entry).toMatchObject({ position: 1, votes: 1 });
    expect(entries[0]?.entry.paper.id).toBe(last!.paper.id);
  });
});
