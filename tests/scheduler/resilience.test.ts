/**
 * What a channel sees when things go wrong: a chat service failing mid-thread,
 * a feed answering 500, another channel failing, a day with nothing new, a
 * platform that runs in another process. The digest still comes, once.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createHuggingFaceSource } from "../../src/adapters/huggingface/index.js";
import type { PaperSource } from "../../src/core/ports.js";
import { databaseKinds } from "../support/database.js";
import { type FixtureServer, startFixtureServer } from "../support/fixture-server.js";
import { createRecordingChat } from "../support/recording-chat.js";
import { listSource } from "../support/test-app.js";
import { freshPapers, MINUTE, useHarnesses } from "./harness.js";

const NINE_IN_BERLIN = "2026-11-27T08:00:00Z";

for (const kind of databaseKinds()) {
  describe(`the scheduler when things fail (${kind})`, { timeout: 120_000 }, () => {
    const harnesses = useHarnesses(kind);
    let server: FixtureServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    it("completes a digest interrupted after 2 of 5 papers on the next tick, in the same thread, posting nothing twice", async () => {
      const h = await harnesses.harness({ start: NINE_IN_BERLIN, papers: freshPapers(5, "2026-11-26T12:00:00Z") });
      await h.subscribe("research", "09:00", "Europe/Berlin");
      const scheduler = h.scheduler();
      // Post 1 is the root, posts 2 and 3 are papers 1 and 2: the third paper fails.
      h.chat.failOnPost(4);

      const first = await scheduler.tickDigests(h.clock.now());
      expect(first.attempts.map((attempt) => attempt.outcome.status)).toEqual(["failed"]);
      const [root] = h.chat.roots("research");
      expect(root).toBeDefined();
      expect(h.chat.entriesIn(root!.message).map((post) => post.entry.position)).toEqual([1, 2]);

      h.clock.advance(MINUTE);
      const second = await scheduler.tickDigests(h.clock.now());
      expect(second.attempts.map((attempt) => attempt.outcome.status)).toEqual(["posted"]);

      expect(h.chat.roots("research")).toHaveLength(1);
      const entries = h.chat.entriesIn(root!.message);
      expect(entries.map((post) => post.entry.position)).toEqual([1, 2, 3, 4, 5]);
      expect(new Set(entries.map((post) => post.entry.paper.id)).size).toBe(5);
      expect(h.chat.posts.filter((post) => post.kind === "entry")).toHaveLength(5);
      expect(h.schedulerLog.lines).toContainEqual(
        expect.objectContaining({ level: "error", message: expect.stringContaining("digest failed") }),
      );

      h.clock.advance(MINUTE);
      await scheduler.tickDigests(h.clock.now());
      expect(h.chat.posts).toHaveLength(6);
    });

    it("keeps posting the other channels when one channel's post fails", async () => {
      const h = await harnesses.harness({ start: NINE_IN_BERLIN, papers: freshPapers(5, "2026-11-26T12:00:00Z") });
      await h.subscribe("broken", "09:00", "Europe/Berlin");
      await h.subscribe("healthy", "09:00", "Europe/Berlin");
      h.chat.failChannel("broken");

      const tick = await h.scheduler().tickDigests(h.clock.now());

      expect(tick.attempts.map((attempt) => [attempt.channel.channel, attempt.outcome.status])).toEqual([
        ["broken", "failed"],
        ["healthy", "posted"],
      ]);
      expect(h.chat.roots("healthy")).toHaveLength(1);
      expect(h.chat.entriesIn(h.chat.roots("healthy")[0]!.message)).toHaveLength(5);
    });

    it("posts the digest with the papers it has when a feed answers HTTP 500, and reads the feed again next time", async () => {
      server = await startFixtureServer();
      server.serve(
        "/api/daily_papers?date=2026-11-27",
        { status: 500, body: "upstream exploded" },
        { fixture: "huggingface/daily-papers-2026-08-21.json" },
      );
      const h = await harnesses.harness({ start: "2026-11-27T07:05:00Z" });
      await h.subscribe("research", "09:00", "Europe/Berlin");
      const baseUrl = server.url;
      const known = freshPapers(3, "2026-11-26T12:00:00Z", "Known");
      const sources = (): PaperSource[] => [
        createHuggingFaceSource({ baseUrl, date: "2026-11-27" }),
        listSource(known, "a feed that works"),
      ];
      const scheduler = h.scheduler({ ingestSources: sources });

      const ingest = await scheduler.tickIngest(h.clock.now());
      expect(ingest.status).toBe("ran");
      if (ingest.status !== "ran") return;
      expect(ingest.failures.map((failure) => failure.source)).toEqual(["huggingface 2026-11-27"]);
      expect(h.schedulerLog.lines).toContainEqual(
        expect.objectContaining({ level: "warn", message: expect.stringContaining("retried at the next scheduled ingest") }),
      );

      h.clock.set(NINE_IN_BERLIN);
      await scheduler.tickDigests(h.clock.now());
      const [root] = h.chat.roots("research");
      expect(root).toBeDefined();
      expect(h.chat.entriesIn(root!.message).map((post) => post.entry.paper.title).sort()).toEqual(
        known.map((paper) => paper.title).sort(),
      );

      h.clock.set("2026-11-27T09:05:00Z");
      const retry = await scheduler.tickIngest(h.clock.now());
      expect(retry.status === "ran" && retry.failures).toEqual([]);
      expect(server.requests.filter((request) => request.path === "/api/daily_papers")).toHaveLength(2);
    });

    it("posts the digest when a source throws before yielding anything", async () => {
      const h = await harnesses.harness({ start: "2026-11-27T07:05:00Z" });
      await h.subscribe("research", "09:00", "Europe/Berlin");
      const throwing: PaperSource = {
        name: "a feed that is down",
        async *fetch() {
          throw new Error("connect ECONNREFUSED 127.0.0.1:9");
        },
      };
      const scheduler = h.scheduler({
        ingestSources: () => [throwing, listSource(freshPapers(2, "2026-11-26T12:00:00Z"), "a feed that works")],
      });

      await scheduler.tickIngest(h.clock.now());
      h.clock.set(NINE_IN_BERLIN);
      await scheduler.tickDigests(h.clock.now());

      const [root] = h.chat.roots("research");
      expect(root?.header.paperCount).toBe(2);
      expect(h.chat.entriesIn(root!.message)).toHaveLength(2);
    });

    it("says there is nothing new in one short line instead of an empty thread, once", async () => {
      const h = await harnesses.harness({ start: NINE_IN_BERLIN });
      await h.subscribe("quiet", "09:00", "Europe/Berlin");
      const scheduler = h.scheduler();

      const tick = await scheduler.tickDigests(h.clock.now());
      h.clock.advance(MINUTE);
      await scheduler.tickDigests(h.clock.now());

      expect(tick.attempts.map((attempt) => attempt.outcome.status)).toEqual(["nothing-new"]);
      expect(h.chat.roots()).toEqual([]);
      const notices = h.chat.notices("quiet");
      expect(notices).toHaveLength(1);
      expect(notices[0]!.text.toLowerCase()).toContain("no new papers");
      expect(notices[0]!.text.length).toBeLessThan(200);
    });

    it("stays silent on a day with nothing new when told to", async () => {
      const h = await harnesses.harness({ start: NINE_IN_BERLIN, announceNothingNew: false });
      await h.subscribe("quiet", "09:00", "Europe/Berlin");
      const scheduler = h.scheduler();

      const tick = await scheduler.tickDigests(h.clock.now());
      h.clock.advance(MINUTE);
      await scheduler.tickDigests(h.clock.now());

      expect(tick.attempts.map((attempt) => attempt.outcome.status)).toEqual(["nothing-new"]);
      expect(h.chat.posts).toEqual([]);
    });

    it("leaves channels of a platform this process does not run to the process that runs it", async () => {
      const h = await harnesses.harness({ start: NINE_IN_BERLIN, papers: freshPapers(5, "2026-11-26T12:00:00Z") });
      await h.subscribe("terminal", "09:00", "Europe/Berlin", "shell");
      await h.subscribe("guild-general", "09:00", "Europe/Berlin", "discord");
      const discord = createRecordingChat("discord", { clock: h.clock });

      await h.scheduler({ chats: { shell: h.chat } }).tickDigests(h.clock.now());
      expect(h.chat.roots().map((root) => root.channel.channel)).toEqual(["terminal"]);
      expect(discord.posts).toEqual([]);

      const other = await h.spawnPaperboy();
      await h.scheduler({ paperboy: other, chats: { discord } }).tickDigests(h.clock.now());
      expect(discord.roots().map((root) => root.channel.channel)).toEqual(["guild-general"]);
      expect(h.chat.roots()).toHaveLength(1);
    });
  });
}
