/**
 * What trends: Hacker News' gravity applied to papers. A paper's score rises
 * with its team's votes and (weighted) upvotes on the source, and falls with
 * age, so a fresh paper with a few votes beats last week's favourite:
 *
 *   score = (team_votes + w × source_upvotes) / (age_hours + 2) ^ gravity
 *
 * The +2 keeps a brand-new paper from dividing by almost nothing.
 */

export interface TrendingParams {
  /** w: one source upvote is worth this many team votes (default 0.2: five HF upvotes = one team vote). */
  sourceWeight: number;
  /** How fast age wins (default 1.8, as Hacker News). */
  gravity: number;
}

export const DEFAULT_TRENDING: TrendingParams = { sourceWeight: 0.2, gravity: 1.8 };

export interface TrendingInput {
  teamVotes: number;
  sourceUpvotes: number;
  ageHours: number;
}

export function trendingScore(input: TrendingInput, params: TrendingParams = DEFAULT_TRENDING): number {
  const age = Math.max(0, input.ageHours);
  const points = input.teamVotes + params.sourceWeight * input.sourceUpvotes;
  return points / (age + 2) ** params.gravity;
}

export interface Rankable {
  id: string;
  teamVotes: number;
  sourceUpvotes: number;
  freshAt: Date;
}

/**
 * Highest score first. Papers with no votes at all score 0 and then rank by
 * freshness, newest first; the id breaks remaining ties so the order is stable.
 * With `limit`, only the best `limit` are kept, without sorting the rest.
 */
export function rankByTrending<T extends Rankable>(
  items: readonly T[],
  now: Date,
  params: TrendingParams = DEFAULT_TRENDING,
  limit = Number.POSITIVE_INFINITY,
): Array<T & { score: number }> {
  const scored = items.map((item) => ({
    ...item,
    score: trendingScore(
      { teamVotes: item.teamVotes, sourceUpvotes: item.sourceUpvotes, ageHours: (now.getTime() - item.freshAt.getTime()) / 3_600_000 },
      params,
    ),
  }));
  if (limit >= scored.length) return scored.sort(byTrending);
  // A digest wants 5 of thousands of candidates: keep a small sorted list instead of sorting them all.
  const best: Array<T & { score: number }> = [];
  for (const item of scored) {
    const last = best[best.length - 1];
    if (best.length === limit && last && byTrending(item, last) >= 0) continue;
    let at = best.length;
    while (at > 0 && byTrending(item, best[at - 1] as T & { score: number }) < 0) at -= 1;
    best.splice(at, 0, item);
    if (best.length > limit) best.pop();
  }
  return best;
}

function byTrending(a: Rankable & { score: number }, b: Rankable & { score: number }): number {
  return b.score - a.score || b.freshAt.getTime() - a.freshAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
