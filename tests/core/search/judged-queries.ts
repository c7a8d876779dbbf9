/**
 * The sample corpus as stored papers, and the judged queries with the
 * measure both the search tests and the benchmark use (nDCG@5), so "search
 * quality must not drop" means the same thing in both places.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { contentId } from "../../../src/core/paper-id.js";
import type { Paper } from "../../../src/core/types.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface JudgedQuery {
  query: string;
  kind: string;
  top5AllRelevant: boolean;
  mustBeInTop5: string[];
  relevant: string[];
}

export function loadJudgedQueries(): JudgedQuery[] {
  const file = JSON.parse(readFileSync(`${ROOT}tests/fixtures/judged-queries.json`, "utf8")) as { queries: JudgedQuery[] };
  return file.queries;
}

/** The 157 papers of data/sample-papers.jsonl, stored under their content ids, all first seen at `seenAt`. */
export function loadSamplePapers(seenAt = new Date("2026-11-20T08:00:00Z")): Paper[] {
  return readFileSync(`${ROOT}data/sample-papers.jsonl`, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const row = JSON.parse(line) as { title: string; abstract: string };
      return {
        id: contentId(row.title),
        title: row.title,
        abstract: row.abstract,
        authors: [],
        categories: [],
        publishedAt: null,
        featuredAt: null,
        url: "",
        sources: ["file"],
        sourceUpvotes: 0,
        firstSeenAt: seenAt,
      } satisfies Paper;
    });
}

/** nDCG@5 of ranked ids: `mustBeInTop5` papers gain 2, other relevant papers 1. */
export function ndcgAt5(judged: JudgedQuery, rankedIds: readonly string[]): number {
  const gains = new Map<string, number>();
  for (const title of judged.relevant) gains.set(contentId(title), 1);
  for (const title of judged.mustBeInTop5) gains.set(contentId(title), 2);
  const dcg = (values: number[]) => values.slice(0, 5).reduce((sum, gain, rank) => sum + gain / Math.log2(rank + 2), 0);
  const actual = dcg(rankedIds.slice(0, 5).map((id) => gains.get(id) ?? 0));
  const ideal = dcg([...gains.values()].sort((a, b) => b - a));
  return ideal === 0 ? 1 : actual / ideal;
}
