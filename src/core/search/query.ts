/**
 * The search language inside `/papers <query>`: free text plus two filters,
 * `since:` (a duration back from now, or a date) and `author:` (a name or a
 * quoted full name). A malformed filter is a user mistake, returned as a
 * value with an example that works, never thrown.
 */

export interface SearchFilters {
  since?: Date;
  author?: string;
}

export interface ParsedQuery {
  text: string;
  filters: SearchFilters;
}

export type QueryProblem = { code: "bad-filter"; message: string; example: string };

export type ParseQueryResult = { ok: true; query: ParsedQuery } | { ok: false; problem: QueryProblem };

const HOUR_MS = 3_600_000;
const UNIT_MS: Record<string, number> = {
  h: HOUR_MS,
  d: 24 * HOUR_MS,
  w: 7 * 24 * HOUR_MS,
  m: 30 * 24 * HOUR_MS,
  y: 365 * 24 * HOUR_MS,
};

// `key:value`, `key:"quoted value"`; keys are matched case-insensitively.
const FILTER = /(?:^|\s)(since|author):(?:"([^"]*)"?|(\S*))/gi;

/** `since:7d` (h/d/w/m/y units) or `since:2024-01-31`; `author:name` or `author:"first last"`. */
export function parseSearchQuery(raw: string, now: Date): ParseQueryResult {
  const filters: SearchFilters = {};
  let problem: QueryProblem | undefined;

  const text = raw.replace(FILTER, (_whole, key: string, quoted: string | undefined, bare: string | undefined) => {
    const value = (quoted ?? bare ?? "").trim();
    const name = key.toLowerCase();
    if (problem) return " ";
    if (name === "since") {
      const since = parseSince(value, now);
      if (since === undefined) {
        problem = {
          code: "bad-filter",
          message: value
            ? `"since:${value}" is not a time span or a date.`
            : `"since:" needs a time span or a date.`,
          example: "since:7d (or since:12h, since:2w, since:3m, since:1y, since:2024-01-31)",
        };
      } else {
        filters.since = since;
      }
    } else {
      if (!value) {
        problem = {
          code: "bad-filter",
          message: `"author:" needs a name.`,
          example: 'author:hinton (or author:"geoffrey hinton")',
        };
      } else {
        filters.author = value;
      }
    }
    return " ";
  });

  if (problem) return { ok: false, problem };
  return { ok: true, query: { text: text.replace(/\s+/g, " ").trim(), filters } };
}

function parseSince(value: string, now: Date): Date | undefined {
  const span = /^(\d{1,5})([hdwmy])$/i.exec(value);
  if (span?.[1] && span[2]) {
    const unit = UNIT_MS[span[2].toLowerCase()];
    if (unit === undefined) return undefined;
    return new Date(now.getTime() - Number(span[1]) * unit);
  }
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (date) {
    const at = new Date(`${value}T00:00:00Z`);
    // Reject dates that JavaScript would silently roll over (2024-02-31).
    if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== value) return undefined;
    return at;
  }
  return undefined;
}
