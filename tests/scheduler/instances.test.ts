/**
 * Several processes on one database, each with its own core and search index,
 * ticking at the same moments: every scheduled ingest runs in one of them,
 * the others' indexes pick its papers up, a digest left half-posted by a
 * process that died is finished by another, and every channel gets exactly
 * one digest a day however the processes race.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createHuggingFaceSource } from "../../src/adapters/huggingface/index.js";
import { DIGEST_LEASE_MS } from "../../src/core/digest/post-digest.js";
import type { ChatPlatform } from "../../src/core/ports.js";
import { parseSearchQuery } from "../../src/core/search/query.js";
import { databaseKinds } from "../support/database.js";
import { type FixtureServer, startFixtureServer } from "../support/fixture-server.js";
import { createRecordingChat, type RecordedPost } from "../support/recording-chat.js";
import { listSource } from "../support/test-app.js";
import { freshPapers, useHarnesses } from "./harness.js";

const scope = { platform: "shell", workspace: "local" } as const;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

for (const kind of databaseKinds()) {
  describe(`two scheduler instances on one database (${kind})`, { timeout: 120_000 }, () => {
    const harnesses = useHarnesses(kind);
    let server: FixtureServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it("runs each scheduled ingest in exactly one of them, and both can search what it read", async () => {
      server = await startFixtureServer();
      server.serve("/api/daily_papers?date=2026-11-27", { fixture: "huggingface/daily-papers-2026-08-21.json" });
      server.serve("/api/daily_papers?date=2026-11-26", { body: "[]", contentType: "application/json" });
      const h = await harnesses.harness({ start: "2026-11-27T10:05:00Z" });
      const baseUrl = server.url;
      const ingestSources = (now: Date) => {
        const today = now.toISOString().slice(0, 10);
        return [
          createHuggingFaceSource({ baseUrl, date: today }),
          createHuggingFaceSource({ baseUrl, date: "2026-11-26" }),
        ];
      };
      const other = await h.spawnPaperboy();
      const first = h.scheduler({ ingestSources, instanceId: "first" });
      const second = h.scheduler({ paperboy: other, ingestSources, instanceId: "second" });

      const ticks = await Promise.all([first.tickIngest(h.clock.now()), second.tickIngest(h.clock.now())]);

      expect(ticks.map((tick) => tick.status).sort()).toEqual(["ran", "skipped"]);
      expect(ticks.find((tick) => tick.status === "skipped")).toMatchObject({ reason: "claimed-elsewhere" });
      expect(server.requests.map((request) => request.query.date).sort()).toEqual(["2026-11-26", "2026-11-27"]);

      // Whichever instance ingested, after a refresh both find the spiking transformer paper.
      await Promise.all([first.tickRefresh(), second.tickRefresh()]);
      const query = parseSearchQuery("spiking transformers", h.clock.now());
      if (!query.ok) throw new Error(query.problem.message);
      for (const paperboy of [h.paperboy, other]) {
        const found = await paperboy.searchPapers(query.query, scope);
        expect(found[0]?.paper.title).toContain("SpikeFormer-2");
      }

      // The next hour's ingest is a new slot: again one instance runs it.
      h.clock.set("2026-11-27T11:05:00Z");
      const next = await Promise.all([first.tickIngest(h.clock.now()), second.tickIngest(h.clock.now())]);
      expect(next.map((tick) => tick.status).sort()).toEqual(["ran", "skipped"]);
      expect(server.requests).toHaveLength(4);
    });
    it("resumes the thread of a process that died mid-digest, from another process, once its claim has expired", async () => {
      const h = await harnesses.harness({
        start: "2026-11-27T08:00:00Z",
        papers: freshPapers(5, "2026-11-26T12:00:00Z"),
      });
      await h.subscribe("research", "09:00", "Europe/Berlin");
      const diedAtPaper3 = deferred();
      // The first process posts the root and two papers, then never comes back (killed mid-request).
      const dying: ChatPlatform = {
        platform: "shell",
        postDigestRoot: (channel, header) => h.chat.postDigestRoot(channel, header),
        postDigestEntry: (channel, thread, entry) => {
          if (entry.position < 3) return h.chat.postDigestEntry(channel, thread, entry);
          diedAtPaper3.resolve();
          return new Promise<never>(() => {});
        },
        postNotice: (channel, text) => h.chat.postNotice(channel, text),
      };
      const dead = h.scheduler({ chats: { shell: dying }, instanceId: "dead" });
      const survivor = h.scheduler({ paperboy: await h.spawnPaperboy(), instanceId: "survivor" });

      void dead.tickDigests(h.clock.now());
      await diedAtPaper3.promise;

      // While the claim is live the digest is not due elsewhere: nobody posts over it.
      h.clock.advance(60_000);
      expect((await survivor.tickDigests(h.clock.now())).attempts).toEqual([]);

      h.clock.advance(DIGEST_LEASE_MS);
      const resumed = await survivor.tickDigests(h.clock.now());
      expect(resumed.attempts.map((attempt) => attempt.outcome)).toEqual([
        expect.objectContaining({ status: "posted", resumed: true, entries: 5 }),
      ]);
      const [root] = h.chat.roots("research");
      expect(h.chat.roots("research")).toHaveLength(1);
      expect(h.chat.entriesIn(root!.message).map((post) => post.entry.position)).toEqual([1, 2, 3, 4, 5]);
    });
  });
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("two scheduler instances racing on the PostgreSQL server", () => {
  const harnesses = useHarnesses("postgres");

  it("posts exactly one digest per channel per day when both tick at the same moment, 100 days running", { timeout: 180_000 }, async () => {
    const firstDay = Date.parse("2026-01-05T00:00:00Z");
    const h = await harnesses.harness({ start: new Date(firstDay).toISOString() });
    const channels = { berlin: "Europe/Berlin", "los-angeles": "America/Los_Angeles", kolkata: "Asia/Kolkata" };
    for (const [channel, zone] of Object.entries(channels)) await h.subscribe(channel, "09:00", zone);
    const chatA = createRecordingChat("shell", { clock: h.clock });
    const chatB = createRecordingChat("shell", { clock: h.clock });
    const other = await h.spawnPaperboy();
    const a = h.scheduler({ chats: { shell: chatA }, instanceId: "a" });
    const b = h.scheduler({ paperboy: other, chats: { shell: chatB }, instanceId: "b" });
    const DAYS = 100;

    for (let day = 0; day < DAYS; day += 1) {
      const midnight = firstDay + day * 86_400_000;
      h.clock.set(new Date(midnight));
      await h.paperboy.ingest(listSource(freshPapers(5, new Date(midnight).toISOString(), `Day ${day}`)));
      await other.refreshIndex();
      // 17:00 UTC is past 09:00 in Berlin (18:00), Los Angeles (09:00) and Kolkata (22:30), all on the same date.
      const now = new Date(midnight + 17 * 3_600_000);
      h.clock.set(now);
      await Promise.all([a.tickDigests(now), b.tickDigests(now)]);
    }

    const posts: RecordedPost[] = [...chatA.posts, ...chatB.posts];
    for (const channel of Object.keys(channels)) {
      const roots = posts.filter((post) => post.kind === "root" && post.channel.channel === channel);
      const notices = posts.filter((post) => post.kind === "notice" && post.channel.channel === channel);
      expect(notices, channel).toEqual([]);
      const dates = roots.map((post) => (post.kind === "root" ? post.header.localDate : ""));
      expect(new Set(dates).size, channel).toBe(DAYS);
      expect(dates, channel).toHaveLength(DAYS);

      const entries = posts.filter((post) => post.kind === "entry" && post.channel.channel === channel);
      expect(entries, channel).toHaveLength(DAYS * 5);
      const papers = entries.map((post) => (post.kind === "entry" ? post.entry.paper.id : ""));
      expect(new Set(papers).size, channel).toBe(DAYS * 5);
    }
    // Both processes did post some of the digests: the race was real, not one process doing all the work.
    expect(chatA.roots().length).toBeGreaterThan(0);
    expect(chatB.roots().length).toBeGreaterThan(0);
  });
});
