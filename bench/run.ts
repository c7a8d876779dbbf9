/**
 * `npm run bench`: paperboy's performance as numbers anyone can reproduce.
 * For each corpus size it runs two child processes (bench/measure.ts): one
 * loads the corpus through the real ingest path and times votes and digests,
 * a fresh one starts cold on that database and times search beside
 * PostgreSQL full-text search. Separate processes keep the memory figure
 * honest. Prints a table and writes bench/results.json.
 *
 *   npm run bench                               # 10k and 100k papers, embedded PGlite
 *   npm run bench -- --sizes 10000,100000,300000
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench   # the server too
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { createPaperIndex, parseSearchQuery, type SearchEngine } from "../src/core/search/index.js";
import { loadJudgedQueries, loadSamplePapers, ndcgAt5 } from "../tests/core/search/judged-queries.js";
import { round } from "./stats.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");

const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "10000,100000" },
    engine: { type: "string", default: "compact" },
    out: { type: "string", default: path.join(HERE, "results.json") },
    databases: { type: "string" },
  },
});

const sizes = (args.sizes ?? "")
  .split(",")
  .map((size) => Number(size.trim().replace(/k$/i, "000")))
  .filter((size) => Number.isInteger(size) && size > 0);
if (sizes.length === 0) {
  console.error('--sizes takes a comma-separated list of corpus sizes, for example "--sizes 10000,100000"');
  process.exit(2);
}
const engine = args.engine as SearchEngine;
const serverUrl = process.env.BENCH_DATABASE_URL?.trim() || undefined;

type Figures = Record<string, unknown>;

/**
 * Which databases to run a size on. PGlite always when there is no server;
 * with a server, PGlite only up to 20k papers unless asked (building its
 * full-text index runs `to_tsvector` in WebAssembly and takes minutes at 100k).
 */
function databasesFor(size: number): Array<"pglite" | "server"> {
  if (args.databases) {
    return args.databases.split(",").map((name) => name.trim()).filter((name): name is "pglite" | "server" => name === "pglite" || (name === "server" && serverUrl !== undefined));
  }
  if (!serverUrl) return ["pglite"];
  return size <= 20_000 ? ["server", "pglite"] : ["server"];
}

function runPhase(phase: "load" | "serve", size: number, target: { data?: string; url?: string }): Promise<Figures> {
  const childArgs = ["--expose-gc", "--import", "tsx", path.join(HERE, "measure.ts"), "--phase", phase, "--size", String(size)];
  childArgs.push("--engine", engine);
  if (target.data) childArgs.push("--data", target.data);
  if (target.url) childArgs.push("--url", target.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, childArgs, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`${phase} ${size} exited with ${code}`));
      try {
        resolve(JSON.parse(line) as Figures);
      } catch {
        reject(new Error(`${phase} ${size} printed no result`));
      }
    });
  });
}

/** A database of its own on the server for one size, dropped afterwards. */
async function withServerDatabase<T>(size: number, use: (url: string) => Promise<T>): Promise<T> {
  const base = new URL(serverUrl as string);
  const name = `paperboy_bench_${process.pid}_${size}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(base);
    url.pathname = `/${name}`;
    return await use(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function measureRelevance(): Promise<{ compact: number; minisearch: number }> {
  const papers = loadSamplePapers();
  const judged = loadJudgedQueries();
  const score = async (name: SearchEngine) => {
    const index = createPaperIndex({ engine: name });
    index.upsert(papers);
    let total = 0;
    for (const query of judged) {
      const parsed = parseSearchQuery(query.query, new Date());
      if (!parsed.ok) throw new Error(parsed.problem.message);
      total += ndcgAt5(query, (await index.search(parsed.query, 5)).map((hit) => hit.id));
    }
    return round(total / judged.length, 3);
  };
  return { compact: await score("compact"), minisearch: await score("minisearch") };
}

interface Run {
  size: number;
  search: Figures | null;
  postgresFts: Figures | null;
  rssMb: number | null;
  readyMs: number | null;
  ingestPerSec: number | null;
  votesPerSec: number | null;
  digests1000Ms: number | null;
  slackP99Ms: number | null;
  ndcgAt5: number;
  [extra: string]: unknown;
}

const reasons: string[] = [];
const started = Date.now();
const relevance = await measureRelevance();
console.log(`relevance on the judged queries (nDCG@5): ${engine} ${relevance[engine]}, MiniSearch reference ${relevance.minisearch}`);

const runs: Run[] = [];
for (const size of sizes) {
  console.log(`\n— ${size.toLocaleString("en")} papers —`);
  const measured: Partial<Record<"pglite" | "server", Figures>> = {};
  for (const database of databasesFor(size)) {
    const began = Date.now();
    if (database === "server") {
      measured.server = await withServerDatabase(size, async (url) => ({
        ...(await runPhase("load", size, { url })),
        ...(await runPhase("serve", size, { url })),
      }));
    } else {
      const data = mkdtempSync(path.join(tmpdir(), `paperboy-bench-${size}-`));
      try {
        measured.pglite = { ...(await runPhase("load", size, { data })), ...(await runPhase("serve", size, { data })) };
      } finally {
        rmSync(data, { recursive: true, force: true });
      }
    }
    (measured[database] as Figures).phaseSec = Math.round((Date.now() - began) / 1000);
  }
  // The headline figures come from the server when there is one: a team with 100k papers runs one.
  const headline = (measured.server ?? measured.pglite) as Figures;
  const headlineName = measured.server ? "postgres server" : "pglite";
  const ftsCandidates = [measured.server, measured.pglite]
    .map((figures, at) => ({ fts: figures?.postgresFts as Figures | null | undefined, name: at === 0 ? "postgres server" : "pglite" }))
    .filter((candidate): candidate is { fts: Figures; name: string } => Boolean(candidate.fts));
  // Compare against the faster PostgreSQL full-text search that was measured.
  const ftsBest = ftsCandidates.sort((a, b) => (a.fts.p99Ms as number) - (b.fts.p99Ms as number))[0];
  if (!ftsBest) reasons.push(`postgresFts at ${size}: not measured (no full-text index was built)`);
  const search = headline.search as Figures;
  runs.push({
    size,
    search,
    postgresFts: ftsBest?.fts ?? null,
    rssMb: headline.rssMb as number,
    readyMs: headline.readyMs as number,
    ingestPerSec: headline.ingestPerSec as number,
    votesPerSec: headline.votesPerSec as number,
    digests1000Ms: headline.digests1000Ms as number,
    slackP99Ms: (headline.slackP99Ms as number | null | undefined) ?? null,
    ndcgAt5: relevance[engine],
    engine,
    database: headlineName,
    postgresFtsDatabase: ftsBest?.name ?? null,
    speedupOverPostgresP99: ftsBest ? round((ftsBest.fts.p99Ms as number) / (search.p99Ms as number), 1) : null,
    searchEndToEnd: headline.searchEndToEnd,
    heapMb: headline.heapMb,
    externalMb: headline.externalMb,
    indexBuildMs: headline.indexBuildMs,
    readyCpuMs: headline.readyCpuMs,
    digestChannelsMeasured: headline.digestChannelsMeasured,
    indexStats: headline.indexStats,
    ndcgAt5MiniSearch: relevance.minisearch,
    pglite: measured.pglite ?? null,
    server: measured.server ?? null,
  });
}
for (const run of runs) {
  const headline = (run.server ?? run.pglite) as Figures | null;
  if (run.slackP99Ms === null) reasons.push(`slackP99Ms at ${run.size}: ${String(headline?.slackError ?? "some requests got no answer")}`);
}

const results = {
  runs,
  machine: `${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, ${Math.round(totalmem() / 1e9)} GB RAM, Node ${process.version}, ${process.platform}; load average at the end ${loadavg().map((value) => value.toFixed(1)).join(" ")}`,
  date: new Date().toISOString(),
  unmeasured: reasons,
  durationSec: Math.round((Date.now() - started) / 1000),
};
writeFileSync(args.out as string, `${JSON.stringify(results, null, 2)}\n`);
printTable(results.runs);
for (const reason of reasons) console.log(`not measured: ${reason}`);
console.log(`\n${results.machine}\nwritten to ${path.relative(process.cwd(), args.out as string)} in ${results.durationSec} s`);

function printTable(rows: readonly Run[]): void {
  const ms = (value: unknown) => (typeof value === "number" ? value.toFixed(value < 10 ? 2 : 1) : "—");
  const figures = (value: unknown) => value as Record<string, number> | null;
  const lines: string[][] = [["", ...rows.map((row) => `${row.size.toLocaleString("en")} papers`), "goal at 100k"]];
  const add = (label: string, pick: (row: Run) => string, goal: string) => lines.push([label, ...rows.map(pick), goal]);
  add("search p50 / p95 / p99 ms", (row) => `${ms(figures(row.search)?.p50Ms)} / ${ms(figures(row.search)?.p95Ms)} / ${ms(figures(row.search)?.p99Ms)}`, "p99 ≤ 20");
  for (const kind of ["word", "topic", "typo", "phrase"]) {
    add(`  ${kind} p99 ms`, (row) => ms((figures(row.search) as unknown as { byKind: Record<string, Record<string, number>> })?.byKind[kind]?.p99Ms), "");
  }
  add("paperboy.searchPapers p99 ms", (row) => ms(figures(row.searchEndToEnd as Figures)?.p99Ms), "");
  add("PostgreSQL FTS p50 / p95 / p99 ms", (row) => `${ms(figures(row.postgresFts)?.p50Ms)} / ${ms(figures(row.postgresFts)?.p95Ms)} / ${ms(figures(row.postgresFts)?.p99Ms)}`, "");
  add("  measured on", (row) => String(row.postgresFtsDatabase ?? "—"), "");
  add("  FTS finds typo queries", (row) => `${Math.round(100 * ((figures(row.postgresFts) as unknown as { byKind: Record<string, Record<string, number>> })?.byKind.typo?.foundShare ?? 0))} %`, "");
  add("  search finds typo queries", (row) => `${Math.round(100 * ((figures(row.search) as unknown as { byKind: Record<string, Record<string, number>> })?.byKind.typo?.foundShare ?? 0))} %`, "");
  add("speed-up over PostgreSQL p99", (row) => (row.speedupOverPostgresP99 === null ? "—" : `${row.speedupOverPostgresP99}×`), "≥ 5×");
  add("database for the rows below", (row) => String(row.database), "");
  add("RSS after GC MB (heap)", (row) => `${row.rssMb} (${row.heapMb})`, "≤ 500");
  add("ready from cold ms (index build)", (row) => `${row.readyMs} (${row.indexBuildMs})`, "≤ 10,000");
  add("ingest papers/s", (row) => String(row.ingestPerSec), "≥ 5,000");
  add("votes/s", (row) => String(row.votesPerSec), "≥ 2,000");
  add("1,000 digests ms", (row) => String(row.digests1000Ms), "≤ 2,000");
  add("Slack /papers p99 ms", (row) => (row.slackP99Ms === null ? "—" : String(row.slackP99Ms)), "≤ 100");
  add("nDCG@5 judged (MiniSearch)", (row) => `${row.ndcgAt5} (${row.ndcgAt5MiniSearch})`, "no drop");
  if (rows.some((row) => row.server && row.pglite)) {
    const pg = (row: Run) => figures(row.pglite as Figures);
    add("PGlite: ingest/s · votes/s", (row) => (pg(row) ? `${pg(row)?.ingestPerSec} · ${pg(row)?.votesPerSec}` : "—"), "");
    add("PGlite: 1,000 digests ms", (row) => String(pg(row)?.digests1000Ms ?? "—"), "");
    add("PGlite: ready ms · RSS MB", (row) => (pg(row) ? `${pg(row)?.readyMs} · ${pg(row)?.rssMb}` : "—"), "");
    add("PGlite: search p99 ms", (row) => ms(figures(pg(row)?.search as unknown as Figures)?.p99Ms), "");
  }
  const widths = lines[0]?.map((_, column) => Math.max(...lines.map((line) => (line[column] ?? "").length))) ?? [];
  console.log("");
  for (const [at, line] of lines.entries()) {
    console.log(line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join("  "));
    if (at === 0) console.log(widths.map((width) => "-".repeat(width)).join("  "));
  }
}
