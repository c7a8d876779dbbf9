/**
 * Opening paperboy's core the same way for every entry point (the bot, the
 * ingest and migrate commands, the benchmark): configuration → store →
 * migrations → index → core, with the sample corpus on a fresh embedded
 * database.
 */
import { sql } from "kysely";
import { type Config, redactUrl } from "./config.js";
import type { Paperboy } from "./core/api.js";
import { createPaperboy } from "./core/paperboy.js";
import type { Clock, Logger } from "./core/ports.js";
import { createPaperIndex } from "./core/search/index.js";
import { type OpenDatabase, openDatabase } from "./core/store/database.js";
import { migrateToLatest } from "./core/store/migrate.js";
import { abstractsOf, countPapers } from "./core/store/papers.js";
import { loadSampleCorpus } from "./sample-corpus.js";

export interface OpenedCore {
  paperboy: Paperboy;
  database: OpenDatabase;
  papers: number;
}

export async function openCore(config: Config, deps: { clock: Clock; log: Logger; loadIndex?: boolean }): Promise<OpenedCore> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    if (database.kind === "postgres") await reachServer(database, config.databaseUrl ?? "");
    const migrated = await migrateToLatest(database.db);
    if (migrated.applied.length) deps.log.info("database migrated", { applied: migrated.applied.join(", ") });
    const paperboy = await createPaperboy({
      db: database.db,
      // Abstracts stay in the database (about 1.4 KB a paper); the index asks for those of its hits.
      index: createPaperIndex({ loadAbstracts: (ids) => abstractsOf(database.db, ids) }),
      clock: deps.clock,
      log: deps.log,
      config: { trending: config.trending, digest: config.digest },
      loadIndex: deps.loadIndex ?? true,
    });
    let papers = await countPapers(database.db);
    if (papers === 0 && database.kind === "pglite" && config.sampleCorpus) {
      const report = await loadSampleCorpus(paperboy);
      if (report.error !== undefined) deps.log.error("could not load the sample corpus", { error: report.error, kept: report.inserted });
      else deps.log.info("loaded the sample corpus into the empty embedded database", { papers: report.inserted });
      papers = report.inserted;
    }
    return { paperboy, database, papers };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

/** An unreachable server would otherwise surface as a failed migration; say which setting to check. */
async function reachServer(database: OpenDatabase, url: string): Promise<void> {
  try {
    await sql`select 1`.execute(database.db);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot reach the database at ${redactUrl(url)} (DATABASE_URL): ${reason}`, { cause: error });
  }
}
