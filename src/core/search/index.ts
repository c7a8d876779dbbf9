/**
 * paperboy's search, as the core sees it: parse a `/papers` query, keep an
 * index of papers in memory (a cache of the papers table, rebuilt at start
 * and updated on ingest), and answer with ranked hits and snippets.
 */
import { type CompactIndexOptions, createCompactIndex } from "./compact-index.js";
import { createMiniSearchIndex } from "./minisearch-index.js";
import type { PaperIndex } from "./types.js";

export { parseSearchQuery } from "./query.js";
export type { ParsedQuery, QueryProblem, SearchFilters, ParseQueryResult } from "./query.js";
export type { PaperIndex, SearchHit } from "./types.js";

/**
 * `compact` (the default) is paperboy's own flat-memory index, built for
 * 100k+ papers; `minisearch` is the straightforward MiniSearch setup, kept
 * as the reference the benchmark and the quality tests compare against.
 */
export type SearchEngine = "compact" | "minisearch";
export const SEARCH_ENGINES: readonly SearchEngine[] = ["compact", "minisearch"];

export interface PaperIndexOptions {
  engine?: SearchEngine | undefined;
  /**
   * Compact engine only: load abstracts for snippets by id instead of keeping
   * them all in memory (saves about 1.4 KB a paper, costs one lookup a search).
   */
  loadAbstracts?: CompactIndexOptions["loadAbstracts"];
}

export function createPaperIndex(options: PaperIndexOptions = {}): PaperIndex {
  switch (options.engine ?? "compact") {
    case "compact":
      return createCompactIndex({ loadAbstracts: options.loadAbstracts });
    case "minisearch":
      return createMiniSearchIndex();
  }
}
