/**
 * Which feeds the scheduled ingest reads, decided without knowing how a feed
 * is fetched: the composition root turns each planned source into a real one
 * with the adapters' factories, so the scheduler never imports an adapter.
 */
import type { PaperSource } from "../core/ports.js";
import { addDays } from "../core/schedule/local-time.js";

export type PlannedSource =
  | { kind: "huggingface"; date: string }
  | { kind: "arxiv"; query: string };

/**
 * Hugging Face daily papers for today and yesterday (UTC): a day's list keeps
 * growing after midnight UTC, and yesterday's upvotes keep moving, so both are
 * re-read. One arXiv query `cat:X` per configured category.
 */
export function planIngestSources(now: Date, arxivCategories: readonly string[]): PlannedSource[] {
  const today = now.toISOString().slice(0, 10);
  return [
    { kind: "huggingface", date: today },
    { kind: "huggingface", date: addDays(today, -1) },
    ...arxivCategories.map((category): PlannedSource => ({ kind: "arxiv", query: `cat:${category}` })),
  ];
}

export interface SourceFactories {
  huggingface(date: string): PaperSource;
  arxiv(query: string): PaperSource;
}

/** The `ingestSources` a scheduler takes, built from the adapters' factories. */
export function createIngestSources(
  factories: SourceFactories,
  arxivCategories: readonly string[],
): (now: Date) => PaperSource[] {
  return (now) =>
    planIngestSources(now, arxivCategories).map((planned) =>
      planned.kind === "huggingface" ? factories.huggingface(planned.date) : factories.arxiv(planned.query),
    );
}
