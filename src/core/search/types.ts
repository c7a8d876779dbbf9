/**
 * What every search engine behind `createPaperIndex` promises. The core only
 * ever sees this interface, so an engine can be swapped for a faster one
 * without touching a caller.
 */
import type { Paper } from "../types.js";
import type { ParsedQuery } from "./query.js";

export interface SearchHit {
  id: string;
  score: number;
  /** About 200 characters of the abstract around the first matched word; plain text. */
  snippet: string;
}

export interface PaperIndex {
  readonly size: number;
  /** Adds papers, or replaces the indexed copy of papers it already holds. */
  upsert(papers: readonly Paper[]): void;
  /** The best `limit` matches; an empty text with filters lists the filtered papers, newest first. */
  search(query: ParsedQuery, limit: number): Promise<SearchHit[]>;
  /** Titles that start with (or contain words starting with) `prefix`, for autocomplete. */
  suggest(prefix: string, limit: number): Array<{ id: string; title: string }>;
}
