/**
 * A process's life around the schedule: at start it catches up (fresh papers,
 * then today's digest if it is already due, never yesterday's) and logs what
 * it runs; at shutdown it lets the thread being posted finish.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ChatPlatform } from "../../src/core/ports.js";
import { databaseKinds } from "../support/database.js";
import { listSource } from "../support/test-app.js";
import { freshPapers, useHarnesses } from "./harness.js";
import type { Scheduler } from "../../src/scheduler/index.js";

const ELEVEN_IN_BERLIN = "2026-11-27T10:00:00Z";

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Lets every pending callback and timer of this turn run. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i += 1) await new Promise((done) => setImmediate(done));
};

for (const kind of databaseKinds()) {
  describe(`starting and stopping the scheduler (${kind})`, { timeout: 120_000 }, () => {
    const harnesses = useHarnesses(kind);
    const running: Scheduler[] = [];
    afterEach(async () => {
      for (const scheduler of running.splice(0)) await scheduler.stop();
    });

    it("posts today's 09:00 digest once when started at 11:00, with freshly ingested papers, and not yesterday's", async () => {
      const h = await harnesses.harness({ start: "2026-11-25T20:00:00Z" });
      await h.subscribe("research", "09:00", "Europe/Berlin");
      // The process was down from the evening of the 25th until 11:00 on the 27th.
      h.clock.set(ELEVEN_IN_BERLIN);
      const papers = freshPapers(3, "2026-11-27T06:00:00Z", "Overnight");
      const scheduler = h.scheduler({ ingestSources: () => [listSource(papers, "overnight feed")] });
      running.push(scheduler);

      await scheduler.start();

      const roots = h.chat.roots("research");
      expect(roots.map((root) => root.header.localDate)).toEqual(["2026-11-27"]);
      expect(h.chat.entriesIn(roots[0]!.message).map((post) => post.entry.paper.title).sort()).toEqual(
        papers.map((paper) => paper.title).sort(),
      );
      expect(h.schedulerLog.lines).toContainEqual({
        level: "info",
        message: expect.stringContaining("skipped a missed digest"),
        fields: expect.objectContaining({ channel: "shell:local/research", localDate: "2026-11-26" }),
      });

      // Restarted at 11:30: today's digest is there already, so nothing more is posted.
      await scheduler.stop();
      h.clock.set("2026-11-27T10:30:00Z");
      const restarted = h.scheduler();
      running.push(restarted);
      await restarted.start();
      expect(h.chat.posts.filter((post) => post.kind !== "entry")).toHaveLength(1);
    });

    it("logs the schedule it runs", async () => {
      const h = await harnesses.harness({ start: ELEVEN_IN_BERLIN });
      const scheduler = h.scheduler({
        ingestCron: "15 */2 * * *",
        ingestSources: () => [listSource([], "huggingface 2026-11-27"), listSource([], "arxiv cat:cs.LG")],
        instanceId: "worker-1",
      });
      running.push(scheduler);

      await scheduler.start();

      const line = h.schedulerLog.lines.find((entry) => entry.message === "schedule");
      expect(line?.fields).toEqual({
        digests: "checked every minute; each channel at its own time for shell",
        ingest: '"15 */2 * * *" (UTC), one process among all',
        sources: ["huggingface 2026-11-27", "arxiv cat:cs.LG"],
        indexRefresh: "every minute",
        instance: "worker-1",
      });
    });

    it("posts nothing and says so when the schedule is off", async () => {
      const h = await harnesses.harness({ start: ELEVEN_IN_BERLIN, papers: freshPapers(2, "2026-11-27T06:00:00Z") });
      await h.subscribe("research", "09:00", "Europe/Berlin");
      const scheduler = h.scheduler({ enabled: false });
      running.push(scheduler);

      await scheduler.start();

      expect(h.chat.posts).toEqual([]);
      expect(h.schedulerLog.lines.map((entry) => entry.message)).toEqual([
        expect.stringContaining("schedule is off (SCHEDULE=false)"),
      ]);
    });

    it("refuses an ingest schedule that is not a cron expression, naming the variable", async () => {
      const h = await harnesses.harness({ start: ELEVEN_IN_BERLIN });
      const scheduler = h.scheduler({ ingestCron: "every hour" });
      running.push(scheduler);

      expect(() => scheduler.start()).toThrow('INGEST_CRON must be a cron expression such as "5 * * * *", got "every hour"');
    });

    it("finishes the threads being posted when stopped, and starts no other", async () => {
      const h = await harnesses.harness({ start: ELEVEN_IN_BERLIN, papers: freshPapers(5, "2026-11-27T06:00:00Z") });
      // More channels than the scheduler posts at once, so some are still waiting when it stops.
      const names = ["c1", "c2", "c3", "c4", "c5", "c6"];
      for (const name of names) await h.subscribe(name, "09:00", "Europe/Berlin");
      const events: string[] = [];
      const rootPosted = deferred();
      const gate = deferred();
      const slowChat: ChatPlatform = {
        platform: "shell",
        async postDigestRoot(channel, header) {
          const message = await h.chat.postDigestRoot(channel, header);
          events.push(`root in ${channel.channel}`);
          rootPosted.resolve();
          return message;
        },
        async postDigestEntry(channel, thread, entry) {
          await gate.promise;
          const message = await h.chat.postDigestEntry(channel, thread, entry);
          events.push(`paper ${entry.position} in ${channel.channel}`);
          return message;
        },
        postNotice: (channel, text) => h.chat.postNotice(channel, text),
      };
      const scheduler = h.scheduler({ chats: { shell: slowChat } });

      const tick = scheduler.tickDigests(h.clock.now());
      await rootPosted.promise;
      await settle();
      const stopped = scheduler.stop().then(() => events.push("stopped"));
      await settle();
      gate.resolve();
      await stopped;

      const started = names.filter((name) => events.includes(`root in ${name}`));
      expect(started.length).toBeGreaterThan(0);
      expect(started.length).toBeLessThan(names.length);
      // Every thread that was started is finished, before the scheduler says it stopped; no other was begun.
      for (const name of started) {
        for (const position of [1, 2, 3, 4, 5]) {
          expect(events.indexOf(`paper ${position} in ${name}`)).toBeGreaterThan(-1);
          expect(events.indexOf(`paper ${position} in ${name}`)).toBeLessThan(events.indexOf("stopped"));
        }
      }
      expect(events.at(-1)).toBe("stopped");
      expect((await tick).attempts.map((attempt) => attempt.outcome.status)).toEqual(started.map(() => "posted"));
      expect(await scheduler.tickDigests(h.clock.now())).toEqual({ ran: false, attempts: [] });
      for (const name of names.filter((name) => !started.includes(name))) expect(h.chat.roots(name)).toEqual([]);
    });
  });
}
