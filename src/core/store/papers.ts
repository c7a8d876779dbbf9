/**
 * Papers in the store. Every source writes through `upsertPapers`, which merges
 * a paper met again (from the same feed or another) into its one row, and only
 * touches the row when the merge changes something, so re-running an ingest
 * changes nothing.
 */
import { type Kysely, type Selectable, sql } from "kysely";
import { arxivAbsUrl, isArxivId, paperIdFor } from "../paper-id.js";
import type { Paper, PaperInput, SourceName } from "../types.js";
import type { Database, PapersTable } from "./schema.js";

type PaperRow = Selectable<PapersTable>;

export function rowToPaper(row: PaperRow): Paper {
  return {
    id: row.id,
    title: row.title,
    abstract: row.abstract,
    authors: row.authors,
    categories: row.categories,
    publishedAt: row.published_at,
    featuredAt: row.featured_at,
    url: row.url,
    sources: row.sources as SourceName[],
    sourceUpvotes: row.source_upvotes,
    firstSeenAt: row.first_seen_at,
  };
}

/** The instant a paper's age counts from: the later of its publication (or first sighting) and its featuring. */
export function freshAt(paper: Pick<Paper, "publishedAt" | "featuredAt" | "firstSeenAt">): Date {
  const base = paper.publishedAt ?? paper.firstSeenAt;
  return paper.featuredAt && paper.featuredAt > base ? paper.featuredAt : base;
}

/** The same instant in SQL, matching the `papers_fresh_at` index. */
export const FRESH_AT = sql<Date>`greatest(coalesce(papers.published_at, papers.first_seen_at), papers.featured_at)`;

const collapse = (text: string): string => text.replace(/\s+/g, " ").trim();

interface NewRow {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  published_at: Date | null;
  featured_at: Date | null;
  url: string;
  sources: string[];
  source_upvotes: number;
  source_comments: number;
  first_seen_at: Date;
  updated_at: Date;
}

function toRow(input: PaperInput, now: Date): NewRow {
  const id = paperIdFor(input);
  return {
    id,
    title: collapse(input.title),
    abstract: collapse(input.abstract),
    authors: (input.authors ?? []).map(collapse).filter(Boolean),
    categories: [...new Set((input.categories ?? []).map((c) => c.trim()).filter(Boolean))],
    published_at: validDate(input.publishedAt),
    featured_at: validDate(input.featuredAt),
    url: input.url?.trim() || (isArxivId(id) ? arxivAbsUrl(id) : ""),
    sources: [input.source],
    source_upvotes: Math.max(0, Math.trunc(input.sourceUpvotes ?? 0)),
    source_comments: Math.max(0, Math.trunc(input.sourceComments ?? 0)),
    first_seen_at: now,
    updated_at: now,
  };
}

function validDate(value: Date | undefined): Date | null {
  return value && !Number.isNaN(value.getTime()) ? value : null;
}

/** Two sightings of one paper in the same batch become one row, as the database would merge them. */
function mergeRows(a: NewRow, b: NewRow): NewRow {
  const earliest = (x: Date | null, y: Date | null) => (x && y ? (x < y ? x : y) : (x ?? y));
  const latest = (x: Date | null, y: Date | null) => (x && y ? (x > y ? x : y) : (x ?? y));
  return {
    ...a,
    abstract: b.abstract.length > a.abstract.length ? b.abstract : a.abstract,
    authors: a.authors.length ? a.authors : b.authors,
    categories: [...new Set([...a.categories, ...b.categories])],
    published_at: earliest(a.published_at, b.published_at),
    featured_at: latest(a.featured_at, b.featured_at),
    url: a.url || b.url,
    sources: [...new Set([...a.sources, ...b.sources])],
    source_upvotes: Math.max(a.source_upvotes, b.source_upvotes),
    source_comments: Math.max(a.source_comments, b.source_comments),
  };
}

export interface UpsertResult {
  /** Papers that are new or changed, as now stored. */
  changed: Paper[];
  inserted: number;
  updated: number;
  unchanged: number;
}

const BATCH = 500;

// Each merged column once, so the SET list and the "did anything change" test agree.
const MERGED = {
  abstract: sql<string>`case when length(excluded.abstract) > length(papers.abstract) then excluded.abstract else papers.abstract end`,
  authors: sql<string[]>`case when cardinality(papers.authors) = 0 then excluded.authors else papers.authors end`,
  categories: sql<string[]>`array(select c from unnest(papers.categories || excluded.categories) with ordinality as t(c, n) group by c order by min(n))`,
  published_at: sql<Date | null>`least(papers.published_at, excluded.published_at)`,
  featured_at: sql<Date | null>`greatest(papers.featured_at, excluded.featured_at)`,
  url: sql<string>`case when papers.url = '' then excluded.url else papers.url end`,
  sources: sql<string[]>`array(select s from unnest(papers.sources || excluded.sources) with ordinality as t(s, n) group by s order by min(n))`,
  source_upvotes: sql<number>`greatest(papers.source_upvotes, excluded.source_upvotes)`,
  source_comments: sql<number>`greatest(papers.source_comments, excluded.source_comments)`,
} as const;
const MERGED_COLUMNS = Object.keys(MERGED) as Array<keyof typeof MERGED>;

export async function upsertPapers(db: Kysely<Database>, inputs: readonly PaperInput[], now: Date): Promise<UpsertResult> {
  const byId = new Map<string, NewRow>();
  for (const input of inputs) {
    const row = toRow(input, now);
    const seen = byId.get(row.id);
    byId.set(row.id, seen ? mergeRows(seen, row) : row);
  }
  const rows = [...byId.values()];
  const result: UpsertResult = { changed: [], inserted: 0, updated: 0, unchanged: 0 };
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const stored = await db
      .insertInto("papers")
      .values(batch)
      .onConflict((conflict) =>
        conflict
          .column("id")
          .doUpdateSet({ ...MERGED, updated_at: sql<Date>`excluded.updated_at` })
          .where(
            sql<boolean>`(${sql.join(MERGED_COLUMNS.map((c) => sql.ref(`papers.${c}`)))}) is distinct from (${sql.join(
              MERGED_COLUMNS.map((c) => MERGED[c]),
            )})`,
          ),
      )
      .returningAll()
      .returning(sql<boolean>`(xmax = 0)`.as("was_inserted"))
      .execute();
    for (const row of stored) {
      result.changed.push(rowToPaper(row));
      if (row.was_inserted) result.inserted += 1;
      else result.updated += 1;
    }
    result.unchanged += batch.length - stored.length;
  }
  return result;
}

export async function getPapers(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, Paper>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("papers").selectAll().where("id", "in", [...ids]).execute();
  return new Map(rows.map((row) => [row.id, rowToPaper(row)]));
}

/** Abstracts by paper id, for an index that keeps them out of memory. */
export async function abstractsOf(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("papers").select(["id", "abstract"]).where("id", "in", [...ids]).execute();
  return new Map(rows.map((row) => [row.id, row.abstract]));
}

export async function countPapers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("papers").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Papers whose freshness is at or after `since`, newest first. */
export async function freshPapers(db: Kysely<Database>, since: Date, limit = 5000): Promise<Paper[]> {
  const rows = await db
    .selectFrom("papers")
    .selectAll()
    .where(FRESH_AT, ">=", since)
    .orderBy(FRESH_AT, "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map(rowToPaper);
}

/** Every paper, a page at a time in id order, for building the search index. */
export async function* allPapers(db: Kysely<Database>, pageSize = 5000): AsyncGenerator<Paper[]> {
  let after = "";
  for (;;) {
    const rows = await db.selectFrom("papers").selectAll().where("id", ">", after).orderBy("id").limit(pageSize).execute();
    if (rows.length === 0) return;
    yield rows.map(rowToPaper);
    after = rows[rows.length - 1]?.id ?? after;
    if (rows.length < pageSize) return;
  }
}

/** Papers stored or changed at or after `since`, by any process. */
export async function papersChangedSince(db: Kysely<Database>, since: Date): Promise<Paper[]> {
  const rows = await db.selectFrom("papers").selectAll().where("updated_at", ">=", since).execute();
  return rows.map(rowToPaper);
}
