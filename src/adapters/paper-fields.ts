/**
 * The checks every paper source applies to text that arrives from outside, so
 * a feed gets the same treatment whichever adapter reads it: whitespace is
 * collapsed (arXiv hard-wraps titles), dates must be real dates, and values
 * too long to be a real paper are refused instead of stored.
 */

/** Beyond these a value is a broken or hostile feed, not a paper. */
export const LIMITS = {
  title: 1_000,
  abstract: 20_000,
  authorName: 300,
  authors: 5_000,
  category: 64,
  categories: 100,
  url: 2_000,
  id: 200,
} as const;

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** An ISO date or date-time as a Date; undefined when it is not one. */
export function parseDate(value: string): Date | undefined {
  const text = value.trim();
  // Date.parse accepts "1" or "March" on some engines; a paper's date starts with a year.
  if (!/^\d{4}-\d{2}(-\d{2})?([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/i.test(text)) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** A short, printable excerpt of a body for error messages. */
export function excerpt(text: string, length = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length === 0) return "(empty body)";
  // Quoted as it came, not JSON-escaped: the reader wants to recognise the page.
  return flat.length > length ? `"${flat.slice(0, length)}…"` : `"${flat}"`;
}

/** A value too long to show in a warning, shortened. */
export function shorten(text: string, length = 60): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/** A problem with one field, phrased for a warning line. */
export type FieldProblem = string;

/**
 * Title and abstract as a paper needs them: present, text, not empty after
 * collapsing whitespace, and of a believable length.
 */
export function requiredText(
  value: unknown,
  field: string,
  max: number,
): { ok: true; value: string } | { ok: false; problem: FieldProblem } {
  if (value === undefined || value === null) return { ok: false, problem: `missing "${field}"` };
  if (typeof value !== "string") return { ok: false, problem: `"${field}" must be text, got ${typeName(value)}` };
  const text = collapseWhitespace(value);
  if (text.length === 0) return { ok: false, problem: `empty "${field}"` };
  if (text.length > max) return { ok: false, problem: `"${field}" is ${text.length} characters long (at most ${max})` };
  return { ok: true, value: text };
}

export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/**
 * Passes the first `max` warnings through and counts the rest, so a file of
 * garbage yields a readable report instead of a million lines.
 */
export function limitWarnings(
  warn: (message: string) => void,
  max = 100,
): { warn: (message: string) => void; finish: (what: string) => void } {
  let count = 0;
  return {
    warn(message) {
      count += 1;
      if (count <= max) warn(message);
    },
    finish(what) {
      if (count > max) warn(`…and ${count - max} more ${what} skipped`);
    },
  };
}
