/**
 * What the scheduler tests share: a real core on a real database, a clock the
 * test moves, recording chats standing in for the chat services, and papers
 * that are fresh on whatever day a test happens to be living in.
 */
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll } from "vitest";
import type { Paperboy } from "../../src/core/api.js";
import { type CoreConfig, createPaperboy } from "../../src/core/paperboy.js";
import type { ChatPlatform, Clock, PaperSource } from "../../src/core/ports.js";
import { createJobClaims } from "../../src/core/schedule/job-claims.js";
import { createPaperIndex } from "../../src/core/search/index.js";
import type { Database } from "../../src/core/store/schema.js";
import type { ChannelRef, PaperInput, Platform } from "../../src/core/types.js";
import { createScheduler, type Scheduler } from "../../src/scheduler/index.js";
import { type TestDatabase, type TestDatabaseKind, createTestDatabase } from "../support/database.js";
import { createRecordingChat, type RecordingChat } from "../support/recording-chat.js";
import {
  TEST_CORE_CONFIG,
  type TestClock,
  type TestPaperboy,
  createTestClock,
  createTestLogger,
  listSource,
} from "../support/test-app.js";

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

export interface HarnessOptions {
  start: string;
  papers?: readonly PaperInput[];
  announceNothingNew?: boolean;
}

/**
 * One database for a whole test file (opening one costs seconds), emptied
 * before each test, so every test still starts from nothing: no papers, no
 * channels, no digests, no claims, and a core with an empty index.
 */
export function useHarnesses(kind: TestDatabaseKind): { harness(options: HarnessOptions): Promise<Harness> } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });
  return {
    async harness(options) {
      if (!database) throw new Error("the test database is not open yet");
      await emptyTables(database.db);
      return createHarness(database.db, kind, options);
    },
  };
}

async function emptyTables(db: Kysely<Database>): Promise<void> {
  const tables = await sql<{ name: string }>`
    select tablename as name from pg_tables
    where schemaname = current_schema() and tablename not like 'kysely%'`.execute(db);
  if (tables.rows.length === 0) return;
  await sql`truncate table ${sql.join(tables.rows.map((table) => sql.id(table.name)))} restart identity cascade`.execute(
    db,
  );
}

async function createHarness(db: Kysely<Database>, kind: TestDatabaseKind, options: HarnessOptions): Promise<Harness> {
  const clock: TestClock = createTestClock(options.start);
  const log = createTestLogger();
  const config: CoreConfig = {
    ...TEST_CORE_CONFIG,
    digest: { ...TEST_CORE_CONFIG.digest, announceNothingNew: options.announceNothingNew ?? true },
  };
  const build = (buildClock: Clock = clock) => createPaperboy({ db, index: createPaperIndex(), clock: buildClock, log, config });
  const paperboy = await build();
  if (options.papers) await paperboy.ingest(listSource(options.papers));
  const chat = createRecordingChat("shell", { clock });
  const schedulerLog = createTestLogger();
  const claims = createJobClaims(db);
  return {
    paperboy,
    db,
    kind,
    clock,
    log,
    config,
    spawnPaperboy: (spawn) => build(spawn?.clock),
    // The file's database is closed once, after its last test.
    close: async () => {},
    chat,
    schedulerLog,
    scheduler: (made = {}) =>
      createScheduler({
        paperboy: made.paperboy ?? paperboy,
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
      await paperboy.subscribe(ref, { digestTime, timezone });
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
