/**
 * One line of a papers file, judged on its own: the pure half of the JSONL
 * source, so every shape people actually write (authors as a list, as
 * `{name}` objects, as one comma-separated string) and every way a line can be
 * wrong is tested on strings, without touching a disk.
 */
import { normaliseArxivId } from "../../core/paper-id.js";
import type { PaperInput } from "../../core/types.js";
import { LIMITS, collapseWhitespace, parseDate, requiredText, shorten, typeName } from "../paper-fields.js";

export type LineResult =
  | { kind: "blank" }
  | { kind: "paper"; paper: PaperInput }
  | { kind: "invalid"; problem: string };

/** A line longer than this is not a paper; it is not even parsed. */
export const MAX_LINE_LENGTH = 1_000_000;

export function parsePaperLine(line: string): LineResult {
  const text = line.trim();
  if (text.length === 0) return { kind: "blank" };
  if (text.length > MAX_LINE_LENGTH) return invalid(`line is ${text.length} characters long; not a paper`);

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return invalid(`not valid JSON: ${shorten(text, 40)}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return invalid(`expected a JSON object, got ${typeName(value)}`);
  }
  const record = value as Record<string, unknown>;

  const title = requiredText(record.title, "title", LIMITS.title);
  if (!title.ok) return invalid(title.problem);
  const abstract = requiredText(record.abstract, "abstract", LIMITS.abstract);
  if (!abstract.ok) return invalid(abstract.problem);

  const id = readId(record.id);
  if (typeof id === "object") return invalid(id.problem);
  const authors = readAuthors(record.authors);
  if (!Array.isArray(authors) && authors !== undefined) return invalid(authors.problem);
  const categories = readCategories(record.categories);
  if (!Array.isArray(categories) && categories !== undefined) return invalid(categories.problem);
  const published = readDate(record.published, "published");
  if (published !== undefined && !(published instanceof Date)) return invalid(published.problem);
  const url = readUrl(record.url);
  if (typeof url === "object") return invalid(url.problem);

  return {
    kind: "paper",
    paper: {
      id,
      title: title.value,
      abstract: abstract.value,
      authors,
      categories,
      publishedAt: published,
      url,
      source: "file",
    },
  };
}

interface Problem {
  problem: string;
}

function invalid(problem: string): LineResult {
  return { kind: "invalid", problem };
}

function absent(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function readId(value: unknown): string | undefined | Problem {
  if (absent(value)) return undefined;
  // A number loses trailing zeros (2401.12340 → 2401.1234), so it cannot be trusted as an id.
  if (typeof value !== "string") return { problem: `"id" must be text such as "2401.12345", got ${typeName(value)}` };
  const id = value.trim();
  if (id.length > LIMITS.id) return { problem: `"id" is ${id.length} characters long (at most ${LIMITS.id})` };
  return normaliseArxivId(id) ?? id;
}

/** Authors as a list of names, a list of `{ name }`, or one comma-separated string. */
export function readAuthors(value: unknown): string[] | undefined | Problem {
  if (absent(value)) return undefined;
  let names: string[];
  if (typeof value === "string") {
    names = value.split(",");
  } else if (Array.isArray(value)) {
    names = [];
    for (const [index, item] of value.entries()) {
      if (typeof item === "string") names.push(item);
      else if (typeof item === "object" && item !== null && typeof (item as { name?: unknown }).name === "string") {
        names.push((item as { name: string }).name);
      } else {
        return { problem: `"authors" item ${index + 1} must be a name or {"name": …}, got ${typeName(item)}` };
      }
    }
  } else {
    return { problem: `"authors" must be a list of names or one comma-separated string, got ${typeName(value)}` };
  }
  const cleaned = names.map(collapseWhitespace).filter((name) => name.length > 0);
  if (cleaned.length > LIMITS.authors) {
    return { problem: `"authors" lists ${cleaned.length} names (at most ${LIMITS.authors})` };
  }
  const long = cleaned.find((name) => name.length > LIMITS.authorName);
  if (long) return { problem: `an author name is ${long.length} characters long (at most ${LIMITS.authorName})` };
  return cleaned;
}

function readCategories(value: unknown): string[] | undefined | Problem {
  if (absent(value)) return undefined;
  let terms: unknown[];
  if (typeof value === "string") terms = value.split(/[\s,]+/);
  else if (Array.isArray(value)) terms = value;
  else return { problem: `"categories" must be a list such as ["cs.LG"], got ${typeName(value)}` };
  const cleaned: string[] = [];
  for (const term of terms) {
    if (typeof term !== "string") return { problem: `"categories" must hold text, got ${typeName(term)}` };
    const category = term.trim();
    if (category.length === 0) continue;
    if (category.length > LIMITS.category) {
      return { problem: `a category is ${category.length} characters long (at most ${LIMITS.category})` };
    }
    cleaned.push(category);
  }
  if (cleaned.length > LIMITS.categories) {
    return { problem: `"categories" lists ${cleaned.length} entries (at most ${LIMITS.categories})` };
  }
  return cleaned;
}

function readDate(value: unknown, field: string): Date | undefined | Problem {
  if (absent(value)) return undefined;
  if (typeof value !== "string") {
    return { problem: `"${field}" must be an ISO date such as "2024-01-23", got ${typeName(value)}` };
  }
  const date = parseDate(value);
  if (!date) return { problem: `"${field}" is not an ISO date: ${JSON.stringify(shorten(value, 40))}` };
  return date;
}

function readUrl(value: unknown): string | undefined | Problem {
  if (absent(value)) return undefined;
  if (typeof value !== "string") return { problem: `"url" must be text, got ${typeName(value)}` };
  const text = value.trim();
  if (text.length > LIMITS.url) return { problem: `"url" is ${text.length} characters long (at most ${LIMITS.url})` };
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { problem: `"url" is not a web address: ${JSON.stringify(shorten(text, 40))}` };
  }
  // Anything else (javascript:, file:) would become a link in a chat message.
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    return { problem: `"url" must start with http:// or https://, got ${JSON.stringify(shorten(text, 40))}` };
  }
  return parsed.href;
}
