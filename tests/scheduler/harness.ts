/**
 * What the scheduler tests share: a real core on a real database, a clock the
 * test moves, recording chats standing in for the chat services, and papers
 * that are fresh on whatever day a test happens to be living in.
 */
import type { Paperboy } from "../../src/core/api.js";
import type { ChatPlatform, PaperSource } from "../../src/core/ports.js";
import { createJobClaims } from "../../src/core/schedule/job-claims.js";
import type { ChannelRef, PaperInput, Platform } from "../../src/core/types.js";
import { createScheduler, type Scheduler } from "../../src/scheduler/index.js";
import { createRecordingChat, type RecordingChat } from "../support/recording-chat.js";
import {
  type TestClock,
  type TestPaperboy,
  createTestClock,
  createTestLogger,
  createTestPaperboy,
} from "../support/test-app.js";
import type { TestDatabaseKind } from "../support/database.js";

export interface SchedulerOptions {
  paperboy?: Paperboy;
  chats?: Partial<Record<Platform, ChatPlatform>>;
  ingestSources?: (now: Date) => PaperSource[];
  ingestCron?: string;
  enabled?: boolean;
  instanceId?: string;
}

export interface Harness extends TestPaperboy {
  /** The shell chat every scheduler posts through unless told otherwise. */
  chat: RecordingChat;
  /** What the schedulers logged (the core logs to `log`). */
  schedulerLog: ReturnType<typeof createTestLogger>;
  scheduler(options?: SchedulerOptions): Scheduler;
  subscribe(channel: string, digestTime: string, timezone: string, platform?: Platform): Promise<ChannelRef>;
}

export async function createHarness(options: {
  kind: TestDatabaseKind;
  start: string;
  papers?: readonly PaperInput[];
  announceNothingNew?: boolean;
}): Promise<Harness> {
  const clock: TestClock = createTestClock(options.start);
  const app = await createTestPaperboy({
    kind: options.kind,
    clock,
    papers: options.papers ?? "none",
    config:
      options.announceNothingNew === undefined
        ? {}
        : {
            digest: {
              defaultTime: "09:00",
              defaultTimezone: "UTC",
              defaultSize: 5,
              windowHours: 72,
              announceNothingNew: options.announceNothingNew,
            },
          },
  });
  const chat = createRecordingChat("shell", { clock });
  const schedulerLog = createTestLogger();
  const claims = createJobClaims(app.db);
  return {
    ...app,
    chat,
    schedulerLog,
    scheduler: (made = {}) =>
      createScheduler({
        paperboy: made.paperboy ?? app.paperboy,
        chats: made.chats ?? { shell: chat },
        ingestSources: made.ingestSources ?? (() => []),
        claims,
        clock,
        log: schedulerLog,
        config: { enabled: made.enabled ?? true, ingestCron: made.ingestCron ?? "5 * * * *" },
        instanceId: made.instanceId,
      }),
    async subscribe(channel, digestTime, timezone, platform = "shell") {
      const ref: ChannelRef = { platform, workspace: "local", channel };
      await app.paperboy.subscribe(ref, { digestTime, timezone });
      return ref;
    },
  };
}

let serial = 0;

/**
 * `count` papers published at `publishedAt`, with ids no other call hands out,
 * so each test day can bring papers of its own.
 */
export function freshPapers(count: number, publishedAt: string, label = "Paper"): PaperInput[] {
  return Array.from({ length: count }, () => {
    serial += 1;
    const number = String(serial).padStart(5, "0");
    return {
      id: `2699.${number}`,
      title: `${label} ${number}: a study of scheduled digests`,
      abstract: `Paper ${number} shows that a digest posted once a day at the right time is read.`,
      authors: ["A. Tester"],
      categories: ["cs.LG"],
      publishedAt: new Date(publishedAt),
      source: "file" as const,
      sourceUpvotes: 0,
    };
  });
}

/** One minute, for clocks ticking through a day. */
export const MINUTE = 60_000;
