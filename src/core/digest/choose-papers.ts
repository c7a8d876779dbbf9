/**
 * Which papers a channel's digest carries: the top trending papers that are
 * fresh, never posted in that channel before, and about the channel's topics
 * when it has any. Pure, so the rule is tested without a database.
 */
import { freshAt } from "../store/papers.js";
import { rankByTrending, type TrendingParams } from "../trending.js";
import type { Paper } from "../types.js";

export interface DigestChoice {
  candidates: readonly Paper[];
  /** Team votes per paper id. */
  votes: ReadonlyMap<string, number>;
  alreadyPosted: ReadonlySet<string>;
  topics: readonly string[];
  size: number;
  now: Date;
  trending: TrendingParams;
}

export function choosePapers(choice: DigestChoice): Paper[] {
  const aboutTopics = topicMatcher(choice.topics);
  const eligible = choice.candidates.filter((paper) => !choice.alreadyPosted.has(paper.id) && aboutTopics(paper));
  const ranked = rankByTrending(
    eligible.map((paper) => ({
      id: paper.id,
      paper,
      teamVotes: choice.votes.get(paper.id) ?? 0,
      sourceUpvotes: paper.sourceUpvotes,
      freshAt: freshAt(paper),
    })),
    choice.now,
    choice.trending,
    choice.size,
  );
  return ranked.map((item) => item.paper);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A topic matches when a word of the paper starts with it ("llm" matches "LLMs"); no topics match everything. */
export function topicMatcher(topics: readonly string[]): (paper: Pick<Paper, "title" | "abstract" | "categories">) => boolean {
  if (topics.length === 0) return () => true;
  const pattern = new RegExp(`(^|[^\\p{L}\\p{N}])(${topics.map((topic) => escapeRegExp(topic.toLowerCase())).join("|")})`, "u");
  return (paper) => pattern.test(`${paper.title}\n${paper.abstract}\n${paper.categories.join(" ")}`.toLowerCase());
}

export function matchesTopics(paper: Pick<Paper, "title" | "abstract" | "categories">, topics: readonly string[]): boolean {
  return topicMatcher(topics)(paper);
}
