/**
 * A whole paperboy core for tests: a fresh migrated database of the given
 * kind, the real search index, a clock the test moves, a log it can read,
 * and the sample corpus unless the test brings its own papers.
 */
import type { Kysely } from "kysely";
import type { Paperboy } from "../../src/core/api.js";
import { type CoreConfig, createPaperboy } from "../../src/core/paperboy.js";
import type { Clock, Logger, PaperSource } from "../../src/core/ports.js";
import { createPaperIndex } from "../../src/core/search/index.js";
import type { Database } from "../../src/core/store/schema.js";
import { DEFAULT_TRENDING } from "../../src/core/trending.js";
import type { PaperInput } from "../../src/core/types.js";
import { loadSampleCorpus } from "../../src/sample-corpus.js";
import { type TestDatabaseKind, createTestDatabase } from "./database.js";

export interface TestClock extends Clock {
  set(instant: Date | string): void;
  advance(ms: number): void;
}

export function createTestClock(start: Date | string = new Date()): TestClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (instant) => {
      current = new Date(instant);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

export interface LogLine {
  level: "info" | "warn" | "error";
  message: string;
  fields?: Record<string, unknown> | undefined;
}

export function createTestLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (message, fields) => void lines.push({ level: "info", message, fields }),
    warn: (message, fields) => void lines.push({ level: "warn", message, fields }),
    error: (message, fields) => void lines.push({ level: "error", message, fields }),
  };
}

export const TEST_CORE_CONFIG: CoreConfig = {
  trending: DEFAULT_TRENDING,
  digest: { defaultTime: "09:00", defaultTimezone: "UTC", defaultSize: 5, windowHours: 72, announceNothingNew: true },
};

/** Papers handed over as a feed would, for tests that need particular papers. */
export function listSource(papers: readonly PaperInput[], name = "test list"): PaperSource {
  return {
    name,
    async *fetch() {
      yield [...papers];
    },
  };
}

export interface TestPaperboy {
  paperboy: Paperboy;
  db: Kysely<Database>;
  kind: TestDatabaseKind;
  clock: TestClock;
  log: Logger & { lines: LogLine[] };
  config: CoreConfig;
  /** Another process's core on the same database: its own index, same rows. */
  spawnPaperboy(options?: { clock?: Clock }): Promise<Paperboy>;
  close(): Promise<void>;
}

export async function createTestPaperboy(options: {
  kind: TestDatabaseKind;
  clock?: TestClock;
  papers?: readonly PaperInput[] | "sample" | "none";
  /** The sample corpus and these papers too. */
  extraPapers?: readonly PaperInput[];
  config?: Partial<CoreConfig>;
}): Promise<TestPaperboy> {
  const database = await createTestDatabase(options.kind);
  const clock = options.clock ?? createTestClock();
  const log = createTestLogger();
  const config: CoreConfig = { ...TEST_CORE_CONFIG, ...options.config };
  const build = (buildClock: Clock = clock) =>
    createPaperboy({ db: database.db, index: createPaperIndex(), clock: buildClock, log, config });
  const paperboy = await build();
  const papers = options.papers ?? "sample";
  if (papers === "sample") await loadSampleCorpus(paperboy);
  else if (papers !== "none") await paperboy.ingest(listSource(papers));
  if (options.extraPapers) await paperboy.ingest(listSource(options.extraPapers));
  return {
    paperboy,
    db: database.db,
    kind: options.kind,
    clock,
    log,
    config,
    spawnPaperboy: (spawn) => build(spawn?.clock),
    close: () => database.close(),
  };
}
