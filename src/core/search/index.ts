/**
 * paperboy's search, as the core sees it: parse a `/papers` query, keep an
 * index of papers in memory (a cache of the papers table, rebuilt at start
 * and updated on ingest), and answer with ranked hits and snippets.
 */
import { createMiniSearchIndex } from "./minisearch-index.js";
import type { PaperIndex } from "./types.js";

export { parseSearchQuery } from "./query.js";
export type { ParsedQuery, QueryProblem, SearchFilters, ParseQueryResult } from "./query.js";
export type { PaperIndex, SearchHit } from "./types.js";

export type SearchEngine = "minisearch";

export interface PaperIndexOptions {
  engine?: SearchEngine;
}

export function createPaperIndex(options: PaperIndexOptions = {}): PaperIndex {
  switch (options.engine ?? "minisearch") {
    case "minisearch":
      return createMiniSearchIndex();
  }
}
