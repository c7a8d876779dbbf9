/**
 * One phase of the benchmark for one corpus size, run by bench/run.ts in a
 * child process of its own so that memory figures belong to that phase alone.
 *
 * - `load`: generate the corpus and push it through the real ingest path
 *   (`paperboy.ingest`, batch upserts into Postgres and the index), then time
 *   votes (`paperboy.vote`) and 1,000 channels' digests (`dueChannels` +
 *   `postDigest`, as the scheduler runs them), then build the PostgreSQL
 *   full-text index the comparison needs.
 * - `serve`: a fresh process on that database: cold start to a ready index
 *   (`createPaperboy` reads every paper), memory after GC, then the query set
 *   through the index, through `paperboy.searchPapers`, and through
 *   PostgreSQL full-text search.
 *
 * Prints one JSON line on stdout; progress goes to stderr.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { type Kysely, sql } from "kysely";
import type { Paperboy } from "../src/core/api.js";
import { type CoreConfig, createPaperboy } from "../src/core/paperboy.js";
import type { ChatPlatform, Logger, PaperSource } from "../src/core/ports.js";
import { createPaperIndex, type PaperIndex, parseSearchQuery, type SearchEngine } from "../src/core/search/index.js";
import { openDatabase } from "../src/core/store/database.js";
import { migrateToLatest } from "../src/core/store/migrate.js";
import { getPapers } from "../src/core/store/papers.js";
import type { Database } from "../src/core/store/schema.js";
import { DEFAULT_TRENDING } from "../src/core/trending.js";
import type { ChannelRef, PaperInput } from "../src/core/types.js";
import { generateCorpus } from "./corpus.js";
import { benchQueries, QUERY_KINDS, type QueryKind } from "./queries.js";
import { measureSlackSearch } from "./slack.js";
import { cpuMs, type Percentiles, percentiles, round } from "./stats.js";

const { values: args } = parseArgs({
  options: {
    phase: { type: "string" },
    size: { type: "string" },
    data: { type: "string" },
    url: { type: "string" },
    schema: { type: "string" },
    engine: { type: "string", default: "compact" },
    votes: { type: "string", default: "5000" },
    channels: { type: "string", default: "1000" },
    fts: { type: "string", default: "yes" },
    abstracts: { type: "string", default: "database" },
  },
});

const size = Number(args.size);
const engine = args.engine as SearchEngine;
const progress = (message: string) => process.stderr.write(`  [${args.phase} ${size}${args.url ? " server" : ""}] ${message}\n`);

const quiet: Logger = { info: () => {}, warn: () => {}, error: (message) => progress(`error: ${message}`) };
const CONFIG: CoreConfig = {
  trending: DEFAULT_TRENDING,
  digest: { defaultTime: "00:00", defaultTimezone: "UTC", defaultSize: 5, windowHours: 72, announceNothingNew: false },
};
const clock = { now: () => new Date() };

async function open() {
  return openDatabase({ url: args.url, dataDir: args.data, schema: args.schema, poolSize: 10 });
}

/** An index that remembers how long its upserts took, so build time can be told apart from reading rows. */
function timedIndex(inner: PaperIndex): PaperIndex & { upsertMs: number } {
  const timed = {
    upsertMs: 0,
    get size() {
      return inner.size;
    },
    upsert(papers: Parameters<PaperIndex["upsert"]>[0]) {
      const start = performance.now();
      inner.upsert(papers);
      timed.upsertMs += performance.now() - start;
    },
    search: inner.search.bind(inner),
    suggest: inner.suggest.bind(inner),
  };
  return timed;
}

function batchSource(papers: readonly PaperInput[], batch: number): PaperSource {
  return {
    name: "bench corpus",
    async *fetch() {
      for (let start = 0; start < papers.length; start += batch) yield papers.slice(start, start + batch);
    },
  };
}

/** A chat that answers instantly: the digest figure is paperboy's own work, not Slack's latency. */
function instantChat(): ChatPlatform {
  let id = 0;
  return {
    platform: "shell",
    postDigestRoot: async () => ({ messageId: `root-${++id}`, threadId: `root-${id}` }),
    postDigestEntry: async () => ({ messageId: `entry-${++id}` }),
    postNotice: async () => ({ messageId: `notice-${++id}` }),
  };
}

/**
 * How the index gets abstracts for snippets: from the papers table by id (the
 * default, and what main.ts should wire: saves ~1.4 KB a paper of memory), or
 * kept in memory with `--abstracts memory`.
 */
function abstractsFrom(db: Kysely<Database>) {
  if (args.abstracts === "memory") return undefined;
  return async (ids: readonly string[]) => {
    const papers = await getPapers(db, ids);
    return new Map([...papers].map(([id, paper]) => [id, paper.abstract]));
  };
}

async function loadPhase() {
  const result: Record<string, unknown> = {};
  const corpus = generateCorpus({ size, end: startOfToday() });
  progress(`corpus of ${corpus.papers.length} papers generated`);
  const database = await open();
  await migrateToLatest(database.db);
  const index = timedIndex(createPaperIndex({ engine, loadAbstracts: abstractsFrom(database.db) }));
  const paperboy = await createPaperboy({ db: database.db, index, clock, log: quiet, config: CONFIG });

  // Ingest: 1,000-paper batches, the size a long arXiv or JSONL feed arrives in.
  let start = performance.now();
  const report = await paperboy.ingest(batchSource(corpus.papers, 1000));
  const ingestMs = performance.now() - start;
  if (report.inserted !== corpus.papers.length) progress(`warning: ingest stored ${report.inserted} of ${corpus.papers.length}`);
  result.ingestPerSec = Math.round(corpus.papers.length / (ingestMs / 1000));
  result.ingestIndexMs = round(index.upsertMs, 0);
  progress(`ingest: ${result.ingestPerSec} papers/s (index share ${result.ingestIndexMs} ms of ${round(ingestMs, 0)} ms)`);

  // Re-ingesting the newest 1,000 papers unchanged: what the hourly ingest costs on a quiet hour.
  start = performance.now();
  await paperboy.ingest(batchSource(corpus.papers.slice(-1000), 1000));
  result.reingest1000Ms = round(performance.now() - start, 0);

  const ids = await sql<{ id: string }>`select id from papers order by id limit 2000`.execute(database.db);
  const paperIds = ids.rows.map((row) => row.id);
  result.votesPerSec = await measureVotes(paperboy, paperIds, Number(args.votes));
  progress(`votes: ${result.votesPerSec}/s`);

  const digests = await measureDigests(paperboy, Number(args.channels));
  result.digests1000Ms = digests.ms;
  result.digestChannelsMeasured = digests.channels;
  progress(`digests for ${args.channels} channels: ${result.digests1000Ms} ms`);

  if (args.fts === "no") {
    await database.close();
    return result;
  }
  // The comparison's PostgreSQL FTS: title weight A, abstract B, GIN, as a team would set it up.
  start = performance.now();
  await sql`drop table if exists bench_fts`.execute(database.db);
  await sql`create table bench_fts as
    select id, setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', abstract), 'B') as doc
    from papers`.execute(database.db);
  await sql`create index bench_fts_doc on bench_fts using gin (doc)`.execute(database.db);
  await sql`analyze bench_fts`.execute(database.db);
  result.ftsBuildMs = round(performance.now() - start, 0);
  progress(`PostgreSQL FTS index built in ${result.ftsBuildMs} ms`);
  await database.close();
  return result;
}

async function measureVotes(paperboy: Paperboy, paperIds: readonly string[], count: number): Promise<number> {
  // Reactions arrive concurrently from many people; ten in flight, as a busy workspace would send.
  const votes = Array.from({ length: count }, (_, at) => ({
    platform: "slack" as const,
    workspace: `T${at % 3}`,
    user: `U${at % 250}`,
    paperId: paperIds[(at * 7) % paperIds.length] as string,
    emoji: at % 5 === 0 ? "fire" : "+1",
  }));
  // Warm up the JIT and the server's plan cache first, as in a running bot, on a team of its own.
  for (let at = 0; at < 300; at += 1) {
    await paperboy.vote({ platform: "slack", workspace: "warm-up", user: `U${at}`, paperId: paperIds[at % paperIds.length] as string, emoji: "+1" });
  }
  // Capped at 30 s so a slow store cannot hold the whole benchmark hostage; the rate is what counts.
  const start = performance.now();
  const deadline = start + 30_000;
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < votes.length && performance.now() < deadline) await paperboy.vote(votes[next++] as (typeof votes)[number]);
    }),
  );
  return Math.round(next / ((performance.now() - start) / 1000));
}

async function measureDigests(paperboy: Paperboy, count: number): Promise<{ ms: number; channels: number }> {
  const channels: ChannelRef[] = Array.from({ length: count }, (_, at) => ({
    platform: "shell",
    workspace: `W${at % 20}`,
    channel: `C${String(at).padStart(5, "0")}`,
  }));
  for (const [at, channel] of channels.entries()) {
    await paperboy.subscribe(channel, at % 4 === 0 ? { topics: ["neural", "brain"] } : {});
  }
  const chat = instantChat();
  // As the scheduler does it: ask which channels are due, then post their digests, four at once.
  // Capped at 60 s; a slower run is scaled to 1,000 channels and says so.
  const start = performance.now();
  const due = await paperboy.dueChannels(new Date(), ["shell"]);
  let done = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < due.length && performance.now() - start <= 60_000) {
        await paperboy.postDigest(due[next++] as ChannelRef, chat);
        done += 1;
      }
    }),
  );
  const elapsed = performance.now() - start;
  if (due.length !== count) progress(`warning: ${due.length} of ${count} channels were due`);
  if (done < count) progress(`digests: ${done} of ${count} channels in ${round(elapsed, 0)} ms, scaled to ${count}`);
  return { ms: round((elapsed * count) / Math.max(1, done), 0), channels: done };
}

async function servePhase() {
  const result: Record<string, unknown> = {};
  const queries = benchQueries();
  const startCpu = cpuMs();
  const start = performance.now();
  const database = await open();
  await migrateToLatest(database.db);
  const index = timedIndex(createPaperIndex({ engine, loadAbstracts: abstractsFrom(database.db) }));
  const paperboy = await createPaperboy({ db: database.db, index, clock, log: quiet, config: CONFIG });
  result.readyMs = round(performance.now() - start, 0);
  result.readyCpuMs = round(cpuMs() - startCpu, 0);
  result.indexBuildMs = round(index.upsertMs, 0);
  result.indexSize = index.size;
  progress(`ready in ${result.readyMs} ms (index build ${result.indexBuildMs} ms) with ${index.size} papers`);

  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const memory = process.memoryUsage();
  result.rssMb = Math.round(memory.rss / 1e6);
  result.heapMb = Math.round(memory.heapUsed / 1e6);
  result.externalMb = Math.round(memory.external / 1e6);
  const stats = (index as unknown as { stats?: () => unknown }).stats;
  progress(`memory after GC: rss ${result.rssMb} MB, heap ${result.heapMb} MB, external ${result.externalMb} MB`);

  const now = new Date();
  const parsed = queries.map((query) => {
    const outcome = parseSearchQuery(query.text, now);
    if (!outcome.ok) throw new Error(`bench query does not parse: ${query.text}`);
    return { kind: query.kind, query: outcome.query, text: query.text };
  });
  const scope = { platform: "slack" as const, workspace: "T0" };

  // Warm up the JIT and caches on a tenth of the set, as a running bot would be.
  for (const item of parsed.slice(0, 60)) await index.search(item.query, 10);
  result.search = await timeQueries(parsed, (item) => index.search(item.query, 10).then((hits) => hits.length));
  progress(`index search: ${JSON.stringify(result.search)}`);

  for (const item of parsed.slice(0, 60)) await paperboy.searchPapers(item.query, scope, { limit: 10 });
  result.searchEndToEnd = await timeQueries(parsed, (item) =>
    paperboy.searchPapers(item.query, scope, { limit: 10 }).then((views) => views.length),
  );
  progress(`paperboy.searchPapers: ${JSON.stringify(result.searchEndToEnd)}`);

  const hasFts = (await sql<{ found: string | null }>`select to_regclass('bench_fts')::text as found`.execute(database.db)).rows[0]?.found;
  const fts = (text: string) =>
    sql<{ id: string }>`select id, ts_rank_cd(doc, query) as rank
      from bench_fts, websearch_to_tsquery('english', ${text}) as query
      where doc @@ query order by rank desc limit 10`
      .execute(database.db)
      .then((found) => found.rows.length);
  if (hasFts) {
    for (const item of parsed.slice(0, 60)) await fts(item.text);
    result.postgresFts = await timeQueries(parsed, (item) => fts(item.text));
    progress(`PostgreSQL FTS: ${JSON.stringify(result.postgresFts)}`);
  } else {
    result.postgresFts = null;
  }

  try {
    const slack = await measureSlackSearch({ paperboy, log: quiet, clock, queries: queries.map((query) => query.text), clients: 50 });
    result.slack = slack;
    result.slackP99Ms = slack.failed === 0 ? slack.p99Ms : null;
    progress(`Slack /papers, 50 clients: ${JSON.stringify(slack)}`);
  } catch (error) {
    result.slackP99Ms = null;
    result.slackError = error instanceof Error ? error.message : String(error);
    progress(`Slack measurement failed: ${result.slackError}`);
  }

  result.indexStats = stats ? stats.call(index) : null;
  await database.close();
  return result;
}

interface KindFigures extends Percentiles {
  /** Share of queries that found at least one paper. */
  foundShare: number;
}

async function timeQueries<T extends { kind: QueryKind }>(
  items: readonly T[],
  run: (item: T) => Promise<number>,
): Promise<Percentiles & { byKind: Record<QueryKind, KindFigures> }> {
  const all: number[] = [];
  const byKind = new Map<QueryKind, { times: number[]; found: number }>();
  for (const item of items) {
    const start = performance.now();
    const found = await run(item);
    const elapsed = performance.now() - start;
    all.push(elapsed);
    const entry = byKind.get(item.kind) ?? { times: [], found: 0 };
    entry.times.push(elapsed);
    if (found > 0) entry.found += 1;
    byKind.set(item.kind, entry);
  }
  const kinds = Object.fromEntries(
    QUERY_KINDS.map((kind) => {
      const entry = byKind.get(kind) ?? { times: [], found: 0 };
      return [kind, { ...percentiles(entry.times), foundShare: round(entry.found / Math.max(1, entry.times.length)) }];
    }),
  ) as Record<QueryKind, KindFigures>;
  return { ...percentiles(all), byKind: kinds };
}

function startOfToday(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

const phases: Record<string, () => Promise<Record<string, unknown>>> = { load: loadPhase, serve: servePhase };
const phase = phases[args.phase ?? ""];
if (!phase || !Number.isFinite(size) || size <= 0) {
  process.stderr.write("usage: measure.ts --phase load|serve --size N [--data DIR | --url URL --schema NAME]\n");
  process.exit(2);
}
phase().then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
