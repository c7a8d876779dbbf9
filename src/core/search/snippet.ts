/**
 * A short excerpt of an abstract around the first word that matched, so a
 * search result shows why it was found. Plain text: renderers escape it.
 */
import { wordsWithOffsets } from "./text.js";

const SNIPPET_CHARS = 200;

/**
 * About 200 characters of `abstract` around the first word for which
 * `matches` is true, cut at word boundaries, with an ellipsis on each side
 * that was cut. Falls back to the opening of the abstract.
 */
export function makeSnippet(abstract: string, matches: (word: string) => boolean, size = SNIPPET_CHARS): string {
  const text = abstract.replace(/\s+/g, " ").trim();
  if (text.length <= size) return text;
  const tokens = wordsWithOffsets(text);
  const hit = tokens.find((token) => matches(token.word));
  // Start a little before the hit so the reader gets its context.
  let start = hit ? Math.max(0, hit.start - Math.floor(size / 4)) : 0;
  let end = Math.min(text.length, start + size);
  if (end === text.length) start = Math.max(0, end - size);
  if (start > 0) {
    const space = text.indexOf(" ", start);
    if (space !== -1 && space < (hit?.start ?? end)) start = space + 1;
  }
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > start) end = space;
  }
  const body = text.slice(start, end).replace(/[\s,;:]+$/, "");
  return `${start > 0 ? "…" : ""}${body}${end < text.length ? "…" : ""}`;
}
