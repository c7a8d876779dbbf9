/**
 * `npm run ingest -- <source> …`: load papers by hand into the same store the
 * bot reads (a running bot picks them up within a minute).
 *
 *   npm run ingest -- hf --date 2026-08-21
 *   npm run ingest -- arxiv --query 'cat:cs.LG' --max 500
 *   npm run ingest -- file papers.jsonl
 */
import { parseArgs } from "node:util";
import { createJsonlSource } from "../adapters/jsonl/index.js";
import { openCore } from "../app.js";
import { loadConfig } from "../config.js";
import type { IngestReport } from "../core/api.js";
import { type PaperSource, systemClock } from "../core/ports.js";
import { createLogger, redactSecrets } from "../logger.js";
import { createSourceFactories } from "../source-factories.js";

const USAGE = `Usage:
  npm run ingest -- hf [--date YYYY-MM-DD]          Hugging Face daily papers (default: today, UTC)
  npm run ingest -- arxiv --query 'cat:cs.LG' [--max 500]
  npm run ingest -- file <papers.jsonl>             one {title, abstract, id?, authors?, published?, url?, categories?} a line`;

function buildSource(argv: string[], factories: ReturnType<typeof createSourceFactories>): PaperSource {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { date: { type: "string" }, query: { type: "string" }, max: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [kind, path] = positionals;
  if (values.help || !kind) throw new UsageError();
  switch (kind) {
    case "hf":
    case "huggingface":
      return factories.huggingface(values.date ?? new Date().toISOString().slice(0, 10));
    case "arxiv": {
      if (!values.query) throw new UsageError("arxiv needs --query, e.g. --query 'cat:cs.LG'");
      const max = values.max === undefined ? 100 : Number(values.max);
      if (!Number.isInteger(max) || max < 1) throw new UsageError(`--max must be a whole number ≥ 1, got ${values.max}`);
      return factories.arxiv(values.query, max);
    }
    case "file":
      if (!path) throw new UsageError("file needs a path, e.g. npm run ingest -- file papers.jsonl");
      return createJsonlSource({ path });
    default:
      throw new UsageError(`unknown source "${kind}"`);
  }
}

class UsageError extends Error {}

function progressLine(report: IngestReport): string {
  return `${report.source}: ${report.read} read, ${report.inserted} new, ${report.updated} updated, ${report.skipped} skipped`;
}

async function main(): Promise<number> {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel ?? "error", secrets: config.secrets });
  let source: PaperSource;
  try {
    source = buildSource(process.argv.slice(2), createSourceFactories(config));
  } catch (error) {
    if (error instanceof UsageError && error.message) console.error(error.message);
    else if (!(error instanceof UsageError)) console.error((error as Error).message);
    console.error(USAGE);
    return 2;
  }
  // The bot's index is not needed to write papers; a running bot refreshes its own.
  const { paperboy, database } = await openCore({ ...config, sampleCorpus: false }, { clock: systemClock, log, loadIndex: false });
  try {
    const started = Date.now();
    const report = await paperboy.ingest(source, {
      onProgress: (progress) => process.stderr.write(`\r${progressLine(progress)}`),
    });
    process.stderr.write("\n");
    for (const warning of report.warnings.slice(0, 20)) console.error(`  skipped: ${warning}`);
    if (report.warnings.length > 20) console.error(`  … and ${report.warnings.length - 20} more warnings`);
    console.log(`${progressLine(report)} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    if (report.error) {
      console.error(`The source failed: ${report.error}. Papers read before the failure are stored.`);
      return 1;
    }
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`ingest failed: ${redactSecrets(error instanceof Error ? error.message : String(error))}`);
    process.exitCode = 1;
  },
);
