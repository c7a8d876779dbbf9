/**
 * Prints bench/results.json as the Markdown table of the README's Performance
 * section: `npx tsx bench/markdown.ts [results.json]`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

type Figures = Record<string, unknown>;
interface Results {
  runs: Figures[];
  machine: string;
  date: string;
}

const file = process.argv[2] ?? fileURLToPath(new URL("./results.json", import.meta.url));
const results = JSON.parse(readFileSync(file, "utf8")) as Results;

const get = (figures: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((value, key) => (value && typeof value === "object" ? (value as Figures)[key] : undefined), figures);
const num = (value: unknown, digits = 1): string =>
  typeof value === "number" ? value.toLocaleString("en", { maximumFractionDigits: digits }) : "—";
const trio = (figures: unknown) => `${num(get(figures, "p50Ms"))} / ${num(get(figures, "p95Ms"))} / ${num(get(figures, "p99Ms"))}`;

const rows: Array<[string, (run: Figures) => string, string]> = [
  ["search p50 / p95 / p99 (ms)", (run) => trio(run.search), "p99 ≤ 20"],
  ["  single word · topic · typo · phrase p99 (ms)", (run) => ["word", "topic", "typo", "phrase"].map((kind) => num(get(run.search, "byKind", kind, "p99Ms"))).join(" · "), ""],
  ["PostgreSQL FTS p50 / p95 / p99 (ms)", (run) => `${trio(run.postgresFts)} (${String(run.postgresFtsDatabase ?? "—")})`, ""],
  ["search ÷ PostgreSQL FTS at p99", (run) => (typeof run.speedupOverPostgresP99 === "number" ? `${run.speedupOverPostgresP99}× faster` : "—"), "≥ 5×"],
  ["typo queries that find something: search · FTS", (run) => `${num(100 * Number(get(run.search, "byKind", "typo", "foundShare")), 0)} % · ${num(100 * Number(get(run.postgresFts, "byKind", "typo", "foundShare")), 0)} %`, ""],
  ["`paperboy.searchPapers` p50 / p99 (ms, with the database reads)", (run) => `${num(get(run.searchEndToEnd, "p50Ms"))} / ${num(get(run.searchEndToEnd, "p99Ms"))}`, ""],
  ["RSS after GC (MB), heap in brackets", (run) => `${num(run.rssMb, 0)} (${num(run.heapMb, 0)})`, "≤ 500"],
  ["ready from cold (ms), index build in brackets", (run) => `${num(run.readyMs, 0)} (${num(run.indexBuildMs, 0)})`, "≤ 10,000"],
  ["ingest (papers/s)", (run) => num(run.ingestPerSec, 0), "≥ 5,000"],
  ["votes (/s)", (run) => num(run.votesPerSec, 0), "≥ 2,000"],
  ["1,000 channels' digests (ms)", (run) => `${num(run.digests1000Ms, 0)}${run.digestChannelsMeasured !== undefined && run.digestChannelsMeasured !== 1000 ? ` (${num(run.digestChannelsMeasured, 0)} measured)` : ""}`, "≤ 2,000"],
  ["Slack `/papers` p50 / p99, 50 clients (ms)", (run) => `${num(get(run, run.server ? "server" : "pglite", "slack", "p50Ms"), 0)} / ${num(run.slackP99Ms, 0)}`, "p99 ≤ 100"],
  ["nDCG@5, judged queries (MiniSearch reference)", (run) => `${num(run.ndcgAt5, 3)} (${num(run.ndcgAt5MiniSearch, 3)})`, "no drop"],
  ["database of the rows above", (run) => String(run.database), ""],
  ["PGlite: ingest/s · votes/s · digests ms", (run) => (run.pglite ? `${num(get(run.pglite, "ingestPerSec"), 0)} · ${num(get(run.pglite, "votesPerSec"), 0)} · ${num(get(run.pglite, "digests1000Ms"), 0)}` : "—"), ""],
  ["PGlite: ready ms · RSS MB · search p99 ms", (run) => (run.pglite ? `${num(get(run.pglite, "readyMs"), 0)} · ${num(get(run.pglite, "rssMb"), 0)} · ${num(get(run.pglite, "search", "p99Ms"))}` : "—"), ""],
];

const header = ["", ...results.runs.map((run) => `${num(run.size, 0)} papers`), "goal at 100k"];
console.log(`| ${header.join(" | ")} |`);
console.log(`|${header.map((_, at) => (at === 0 ? "---" : "---:")).join("|")}|`);
for (const [label, cell, goal] of rows) console.log(`| ${label} | ${results.runs.map(cell).join(" | ")} | ${goal} |`);
console.log(`\nMachine: ${results.machine}. Run on ${results.date.slice(0, 16).replace("T", " ")} UTC.`);
