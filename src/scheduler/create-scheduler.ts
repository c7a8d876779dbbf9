/**
 * The clockwork around the core: every minute it asks which channels' digests
 * are due and posts them through the chat of their platform; on the ingest
 * schedule it reads fresh papers (in one process among several, by claim);
 * every minute it lets the search index pick up papers other processes stored.
 * Exactly-once lives in the core's claims; this file only decides when to ask,
 * keeps one failure from stopping the rest, and says in the log what it did.
 * node-cron is wired here and nowhere in `src/core`; the ticks are plain
 * functions so tests drive them with a clock of their own.
 */
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import cron, { type ScheduledTask } from "node-cron";
import type { Config } from "../config.js";
import type { DigestOutcome, IngestReport, Paperboy } from "../core/api.js";
import type { ChatPlatform, Clock, Logger, PaperSource } from "../core/ports.js";
import { type JobClaims, minuteSlot } from "../core/schedule/job-claims.js";
import { localDate } from "../core/schedule/local-time.js";
import { type ChannelRef, type ChannelSettings, PLATFORMS, type Platform } from "../core/types.js";

export interface SchedulerDeps {
  paperboy: Paperboy;
  /** The chats running in this process; channels of other platforms are left to the processes that run them. */
  chats: Partial<Record<Platform, ChatPlatform>>;
  /** The feeds one scheduled ingest reads at `now` (see `createIngestSources`). */
  ingestSources: (now: Date) => PaperSource[];
  /** Decides which process runs each scheduled ingest (`createJobClaims(db)`). */
  claims: JobClaims;
  clock: Clock;
  log: Logger;
  config: Config["schedule"];
  /** Names this process in claims and logs; defaults to host, pid and a random suffix. */
  instanceId?: string | undefined;
}

export type DigestAttempt =
  | { channel: ChannelRef; localDate: string; outcome: DigestOutcome }
  | { channel: ChannelRef; localDate: string; outcome: { status: "failed"; error: string } };

export interface DigestTick {
  /** False when the tick did not run: another was still running, or the scheduler is stopping. */
  ran: boolean;
  attempts: DigestAttempt[];
}

export type IngestTick =
  | { status: "ran"; slot: string; reports: IngestReport[]; failures: Array<{ source: string; error: string }> }
  | { status: "skipped"; slot: string; reason: "claimed-elsewhere" | "still-running" | "stopping" | "claim-failed" };

export interface Scheduler {
  /**
   * Schedules the cron jobs, logs the schedule, and runs the catch-up (one
   * ingest, then one digest tick). The promise settles when the catch-up is
   * done; the jobs keep running until `stop`. It never rejects; it throws at
   * once when `INGEST_CRON` is not a cron expression.
   */
  start(): Promise<void>;
  /** Stops the cron jobs and waits for the post in progress; an ingest in progress is aborted. */
  stop(): Promise<void>;
  tickDigests(now?: Date): Promise<DigestTick>;
  tickIngest(now?: Date): Promise<IngestTick>;
  /** Papers the index picked up from other processes. */
  tickRefresh(): Promise<number>;
}

const EVERY_MINUTE = "* * * * *";
const DIGEST_CONCURRENCY = 4;
const DAY_MS = 86_400_000;

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { paperboy, chats, clock, log, claims } = deps;
  const instanceId = deps.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const platforms = PLATFORMS.filter((platform) => chats[platform] !== undefined);

  let stopping = false;
  let tasks: ScheduledTask[] = [];
  let digestRun: Promise<DigestTick> | undefined;
  let ingestRun: Promise<IngestTick> | undefined;
  let refreshRun: Promise<number> | undefined;
  let catchUp: Promise<void> | undefined;
  // Until the start-up ingest is done, the minute's digest tick waits: a digest posted from stale papers
  // (or a "nothing new" on a nearly empty store) would be today's one and only.
  let startUpIngestDone = false;
  const ingestAbort = new AbortController();

  async function postDueDigests(now: Date): Promise<DigestTick> {
    const attempts: DigestAttempt[] = [];
    if (platforms.length === 0) return { ran: true, attempts };
    let due: ChannelSettings[];
    try {
      due = await paperboy.dueChannels(now, platforms);
    } catch (error) {
      log.error("could not read which digests are due; trying again next minute", { error: messageOf(error) });
      return { ran: true, attempts };
    }
    // A few channels are posted at once: each waits mostly on its chat and the database, and
    // platforms rate-limit per channel, not per bot. Channels start, and are reported, in due order.
    const byPosition: Array<DigestAttempt | undefined> = [];
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        // A shutdown lets the posts in progress finish and starts no new one.
        if (stopping) return;
        const position = next++;
        byPosition[position] = await postOne(due[position] as ChannelSettings);
      }
    };
    await Promise.all(Array.from({ length: Math.min(DIGEST_CONCURRENCY, due.length) }, worker));
    attempts.push(...byPosition.filter((attempt): attempt is DigestAttempt => attempt !== undefined));
    return { ran: true, attempts };

    async function postOne(channel: ChannelSettings): Promise<DigestAttempt | undefined> {
      const chat = chats[channel.platform];
      if (!chat) return undefined;
      const date = localDate(now, channel.timezone);
      const ref: ChannelRef = { platform: channel.platform, workspace: channel.workspace, channel: channel.channel };
      try {
        const outcome = await paperboy.postDigest(ref, chat, { localDate: date });
        logOutcome(ref, outcome);
        return { channel: ref, localDate: date, outcome };
      } catch (error) {
        log.error("digest failed; the next tick resumes it where it stopped", {
          channel: describeChannel(ref),
          localDate: date,
          error: messageOf(error),
        });
        return { channel: ref, localDate: date, outcome: { status: "failed", error: messageOf(error) } };
      }
    }
  }

  function logOutcome(channel: ChannelRef, outcome: DigestOutcome): void {
    const fields = { channel: describeChannel(channel), localDate: outcome.localDate };
    switch (outcome.status) {
      case "posted":
        log.info(outcome.resumed ? "digest resumed and completed" : "digest posted", {
          ...fields,
          papers: outcome.entries,
        });
        return;
      case "nothing-new":
        log.info(outcome.noticePosted ? "nothing new: posted the short notice" : "nothing new: stayed silent", fields);
        return;
      case "busy":
        log.info("another process is posting this digest", fields);
        return;
      case "already-posted":
        return;
    }
  }

  async function ingestOnce(now: Date, slot: string): Promise<IngestTick> {
    let won: boolean;
    try {
      won = await claims.claim("ingest", slot, instanceId, now);
    } catch (error) {
      log.error("could not claim the scheduled ingest; retried at the next one", { slot, error: messageOf(error) });
      return { status: "skipped", slot, reason: "claim-failed" };
    }
    if (!won) {
      log.info("scheduled ingest runs in another process", { slot });
      return { status: "skipped", slot, reason: "claimed-elsewhere" };
    }
    const reports: IngestReport[] = [];
    const failures: Array<{ source: string; error: string }> = [];
    let sources: PaperSource[];
    try {
      sources = deps.ingestSources(now);
    } catch (error) {
      log.error("could not build the ingest sources", { slot, error: messageOf(error) });
      return { status: "ran", slot, reports, failures: [{ source: "(sources)", error: messageOf(error) }] };
    }
    for (const source of sources) {
      if (stopping) break;
      try {
        const report = await paperboy.ingest(withSignal(source, ingestAbort.signal));
        reports.push(report);
        if (report.error !== undefined) {
          failures.push({ source: source.name, error: report.error });
          log.warn("ingest failed; retried at the next scheduled ingest", {
            source: source.name,
            kept: report.inserted + report.updated,
            error: report.error,
          });
          continue;
        }
        log.info("ingested", {
          source: report.source,
          read: report.read,
          inserted: report.inserted,
          updated: report.updated,
          skipped: report.skipped,
          warnings: report.warnings.length,
        });
      } catch (error) {
        // One feed being down costs only its own papers; the digest goes out with what is known.
        failures.push({ source: source.name, error: messageOf(error) });
        log.warn("ingest failed; retried at the next scheduled ingest", { source: source.name, error: messageOf(error) });
      }
    }
    return { status: "ran", slot, reports, failures };
  }

  const scheduler: Scheduler = {
    tickDigests(now = clock.now()) {
      if (stopping || digestRun) return Promise.resolve({ ran: false, attempts: [] });
      const run = postDueDigests(now).finally(() => {
        digestRun = undefined;
      });
      digestRun = run;
      return run;
    },

    tickIngest(now = clock.now()) {
      const slot = minuteSlot(now);
      if (stopping) return Promise.resolve({ status: "skipped", slot, reason: "stopping" });
      if (ingestRun) {
        log.warn("the previous ingest is still running; skipping this one", { slot });
        return Promise.resolve({ status: "skipped", slot, reason: "still-running" });
      }
      const run = ingestOnce(now, slot).finally(() => {
        ingestRun = undefined;
      });
      ingestRun = run;
      return run;
    },

    tickRefresh() {
      if (stopping || refreshRun) return Promise.resolve(0);
      const run = paperboy
        .refreshIndex()
        .then((count) => {
          if (count > 0) log.info("search index picked up papers stored by other processes", { papers: count });
          return count;
        })
        .catch((error: unknown) => {
          log.warn("could not refresh the search index; trying again next minute", { error: messageOf(error) });
          return 0;
        })
        .finally(() => {
          refreshRun = undefined;
        });
      refreshRun = run;
      return run;
    },

    start() {
      if (!deps.config.enabled) {
        log.info("schedule is off (SCHEDULE=false): no digests or ingests run from this process");
        return Promise.resolve();
      }
      if (tasks.length > 0 || stopping) return catchUp ?? Promise.resolve();
      if (!cron.validate(deps.config.ingestCron)) {
        throw new Error(
          `INGEST_CRON must be a cron expression such as "5 * * * *", got "${deps.config.ingestCron}"`,
        );
      }
      const now = clock.now();
      log.info("schedule", {
        digests:
          platforms.length > 0
            ? `checked every minute; each channel at its own time for ${platforms.join(", ")}`
            : "none: no chat platform runs in this process",
        ingest: `"${deps.config.ingestCron}" (UTC), one process among all`,
        sources: describeSources(now),
        indexRefresh: "every minute",
        instance: instanceId,
      });
      // Cron callbacks never see a rejection: every tick catches and logs its own failures.
      tasks = [
        cron.schedule(EVERY_MINUTE, () => (startUpIngestDone ? scheduler.tickDigests() : undefined), {
          name: "paperboy digests",
          timezone: "UTC",
        }),
        cron.schedule(deps.config.ingestCron, () => scheduler.tickIngest(), {
          name: "paperboy ingest",
          timezone: "UTC",
        }),
        cron.schedule(EVERY_MINUTE, () => scheduler.tickRefresh(), { name: "paperboy index refresh", timezone: "UTC" }),
      ];
      catchUp = runCatchUp(now);
      return catchUp;
    },

    async stop() {
      stopping = true;
      for (const task of tasks) {
        await task.stop();
        await task.destroy();
      }
      tasks = [];
      ingestAbort.abort(new Error("paperboy is shutting down"));
      await Promise.allSettled([catchUp, digestRun, ingestRun, refreshRun]);
    },
  };

  async function runCatchUp(now: Date): Promise<void> {
    try {
      // Fresh papers first, so a digest that is already due goes out with them.
      try {
        await reportMissedDigests(now);
        await scheduler.tickIngest(now);
      } finally {
        startUpIngestDone = true;
      }
      const tick = await scheduler.tickDigests(now);
      const caughtUp = tick.attempts.filter((attempt) => attempt.outcome.status === "posted").length;
      if (caughtUp > 0) log.info("catch-up: posted today's digests that were already due", { digests: caughtUp });
    } catch (error) {
      log.error("catch-up at start failed; the minute ticks carry on", { error: messageOf(error) });
    }
  }

  /**
   * Digests are never posted late: a channel whose digest was missed yesterday
   * (the process was down at its time) gets today's only. Say so, once, at start.
   */
  async function reportMissedDigests(now: Date): Promise<void> {
    if (platforms.length === 0) return;
    const dayAgo = new Date(now.getTime() - DAY_MS);
    let missed: ChannelSettings[];
    try {
      missed = await paperboy.dueChannels(dayAgo, platforms);
    } catch (error) {
      log.warn("could not check for digests missed yesterday", { error: messageOf(error) });
      return;
    }
    for (const channel of missed) {
      log.info("skipped a missed digest: digests of past days are never posted late", {
        channel: describeChannel(channel),
        localDate: localDate(dayAgo, channel.timezone),
        digestTime: `${channel.digestTime} ${channel.timezone}`,
      });
    }
  }

  function describeSources(now: Date): string[] {
    try {
      return deps.ingestSources(now).map((source) => source.name);
    } catch (error) {
      return [`(could not build the sources: ${messageOf(error)})`];
    }
  }

  return scheduler;
}

/** The source, with the scheduler's shutdown signal joined to whatever signal the caller passes. */
function withSignal(source: PaperSource, shutdown: AbortSignal): PaperSource {
  return {
    name: source.name,
    fetch: (options) =>
      source.fetch({ ...options, signal: options.signal ? AbortSignal.any([options.signal, shutdown]) : shutdown }),
  };
}

function describeChannel(channel: ChannelRef): string {
  return `${channel.platform}:${channel.workspace}/${channel.channel}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
