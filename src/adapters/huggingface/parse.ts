/**
 * The answer of Hugging Face's `GET /api/daily_papers?date=…` turned into
 * papers: the pure half of the Hugging Face source. The answer is a JSON list;
 * each item wraps a `paper` (arXiv id, title, summary, authors, upvotes, the
 * day it was featured) and carries the discussion's `numComments` beside it.
 * An item that cannot be a paper is named and skipped; an answer that is not
 * a list at all is an error, so a broken feed stores nothing.
 */
import { normaliseArxivId } from "../../core/paper-id.js";
import type { PaperInput } from "../../core/types.js";
import { LIMITS, collapseWhitespace, excerpt, parseDate, requiredText, shorten, typeName } from "../paper-fields.js";

export class FeedError extends Error {
  override name = "FeedError";
}

/** Parses the body; throws FeedError when it is not a list of daily papers. */
export function parseDailyPapers(body: string, warn: (message: string) => void, label = "Hugging Face"): PaperInput[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new FeedError(
      `${label}: the answer is not valid JSON (${body.length} characters, cut short or not JSON at all), starting ${excerpt(body)}`,
    );
  }
  if (!Array.isArray(value)) {
    const reason =
      typeof value === "object" && value !== null && typeof (value as { error?: unknown }).error === "string"
        ? `: ${shorten((value as { error: string }).error, 200)}`
        : "";
    throw new FeedError(`${label}: expected a list of papers, got ${typeName(value)}${reason} (${excerpt(body)})`);
  }
  const papers: PaperInput[] = [];
  value.forEach((item, index) => {
    const result = parseDailyPaper(item);
    if ("problem" in result) warn(`${label} item ${index + 1}${result.name ? ` (${result.name})` : ""}: ${result.problem}`);
    else papers.push(result.paper);
  });
  return papers;
}

type ItemResult = { paper: PaperInput } | { problem: string; name?: string | undefined };

export function parseDailyPaper(item: unknown): ItemResult {
  if (!isRecord(item)) return { problem: `expected an object, got ${typeName(item)}` };
  const paper = isRecord(item.paper) ? item.paper : undefined;
  if (!paper) return { problem: `missing "paper"` };

  const rawId = paper.id;
  if (rawId === undefined || rawId === null || rawId === "") return { problem: `missing "paper.id"` };
  if (typeof rawId !== "string") return { problem: `"paper.id" must be text, got ${typeName(rawId)}` };
  const id = normaliseArxivId(rawId);
  const name = shorten(rawId.trim(), 40);
  if (!id) return { problem: `"paper.id" is not an arXiv id: ${JSON.stringify(name)}` };

  // The item repeats title and summary outside `paper`; older answers had only those.
  const title = requiredText(paper.title ?? item.title, "paper.title", LIMITS.title);
  if (!title.ok) return { problem: title.problem, name };
  const abstract = requiredText(paper.summary ?? item.summary, "paper.summary", LIMITS.abstract);
  if (!abstract.ok) return { problem: abstract.problem, name };

  return {
    paper: {
      id,
      title: title.value,
      abstract: abstract.value,
      authors: readAuthors(paper.authors),
      publishedAt: readDate(paper.publishedAt) ?? readDate(item.publishedAt),
      featuredAt: readDate(paper.submittedOnDailyAt),
      url: `https://huggingface.co/papers/${id}`,
      source: "huggingface",
      sourceUpvotes: readCount(paper.upvotes),
      sourceComments: readCount(item.numComments),
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readAuthors(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const names: string[] = [];
  for (const author of value.slice(0, LIMITS.authors)) {
    // `hidden` is about the author's Hugging Face profile, not authorship: the name is kept.
    if (!isRecord(author) || typeof author.name !== "string") continue;
    const name = collapseWhitespace(author.name);
    if (name.length > 0 && name.length <= LIMITS.authorName) names.push(name);
  }
  return names;
}

function readDate(value: unknown): Date | undefined {
  return typeof value === "string" ? parseDate(value) : undefined;
}

function readCount(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}
