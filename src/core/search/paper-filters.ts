/**
 * The two search filters applied to a stored paper. Kept apart from any index
 * so every engine filters the same way.
 */
import type { Paper } from "../types.js";
import { foldText, words } from "./text.js";

/**
 * The moment a paper became news: its publication date (or, without one, when
 * paperboy first saw it), moved later when a source featured it afterwards.
 */
export function paperTime(paper: Pick<Paper, "publishedAt" | "firstSeenAt" | "featuredAt">): number {
  const base = (paper.publishedAt ?? paper.firstSeenAt).getTime();
  const featured = paper.featuredAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  return Math.max(base, featured);
}

/** Folded author names, one per author, for `author:` matching. */
export function foldAuthors(authors: readonly string[]): string[] {
  return authors.map((name) => words(name).join(" "));
}

/**
 * `author:hinton` matches "Geoffrey E. Hinton"; `author:"geoffrey hinton"`
 * matches it too, because every word of the filter must appear in the same
 * author's name. Case and accents do not matter.
 */
export function createAuthorMatcher(filter: string): (foldedAuthors: readonly string[]) => boolean {
  const needles = words(filter);
  if (needles.length === 0) {
    const raw = foldText(filter).trim();
    return (authors) => authors.some((name) => name.includes(raw));
  }
  return (authors) => authors.some((name) => needles.every((needle) => name.includes(needle)));
}
