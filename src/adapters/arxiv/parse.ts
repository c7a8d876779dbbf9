/**
 * One page of the arXiv API's Atom answer turned into papers: the pure half of
 * the arXiv source. arXiv answers a bad query with HTTP 200 and a feed whose
 * single entry is the error (id `…/api/errors#…`, title `Error`); taken at face
 * value that reads as a one-paper result, so it is turned into an error here.
 * A page that is not well-formed XML is an error too: a truncated page must
 * not pass for a short one.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { normaliseArxivId } from "../../core/paper-id.js";
import type { PaperInput } from "../../core/types.js";
import { LIMITS, collapseWhitespace, excerpt, parseDate, requiredText, shorten } from "../paper-fields.js";

export class ArxivFeedError extends Error {
  override name = "ArxivFeedError";
}

export interface ArxivPage {
  /** `opensearch:totalResults`: how many results the whole query has. */
  totalResults: number | undefined;
  startIndex: number | undefined;
  /** Entries on the page, counting the ones skipped as malformed. */
  entryCount: number;
  papers: PaperInput[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  // Prefixes are the document's choice; the element names are what arXiv documents.
  removeNSPrefix: true,
  // Ids such as 2401.12340 must stay text: as numbers they lose their trailing zero.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ["entry", "author", "category", "link"].includes(name),
});

/** `label` names the page in errors and warnings, e.g. `arXiv page 2 (start=100)`. */
export function parseArxivFeed(xml: string, label: string, warn: (message: string) => void): ArxivPage {
  // arXiv never sends a DOCTYPE; one that arrives is a proxy page or an entity trick.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new ArxivFeedError(`${label}: the answer declares a DOCTYPE, which an arXiv feed never does, starting ${excerpt(xml)}`);
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new ArxivFeedError(
      `${label}: the answer is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}), starting ${excerpt(xml)}`,
    );
  }
  const document = parser.parse(xml) as Record<string, unknown>;
  const feed = record(document.feed);
  if (!feed) throw new ArxivFeedError(`${label}: the answer is XML but not an Atom feed, starting ${excerpt(xml)}`);

  const entries = Array.isArray(feed.entry) ? feed.entry : [];
  const failure = entries.map(record).find((entry) => entry && isErrorEntry(entry));
  if (failure) {
    const reason = text(failure.summary) || text(failure.id) || "no reason given";
    throw new ArxivFeedError(`${label}: arXiv rejected the query: ${shorten(collapseWhitespace(reason), 300)}`);
  }

  const papers: PaperInput[] = [];
  entries.forEach((entry, index) => {
    const result = parseEntry(record(entry));
    if ("problem" in result) {
      warn(`${label} entry ${index + 1}${result.name ? ` (${result.name})` : ""}: ${result.problem}`);
    } else {
      papers.push(result.paper);
    }
  });
  return {
    totalResults: count(feed.totalResults),
    startIndex: count(feed.startIndex),
    entryCount: entries.length,
    papers,
  };
}

/** The error entry of an arXiv answer, if it is one; for answers that come with a 4xx status. */
export function arxivErrorMessage(xml: string): string | undefined {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml) || XMLValidator.validate(xml) !== true) return undefined;
  const feed = record((parser.parse(xml) as Record<string, unknown>).feed);
  const entries = feed && Array.isArray(feed.entry) ? feed.entry.map(record) : [];
  const failure = entries.find((entry) => entry && isErrorEntry(entry));
  return failure ? collapseWhitespace(text(failure.summary) || text(failure.id)) : undefined;
}

type EntryResult = { paper: PaperInput } | { problem: string; name?: string | undefined };

function parseEntry(entry: Record<string, unknown> | undefined): EntryResult {
  if (!entry) return { problem: "not an element with fields" };
  const rawId = text(entry.id);
  if (!rawId) return { problem: `missing "id"` };
  const id = normaliseArxivId(rawId);
  if (!id) return { problem: `"id" is not an arXiv id: ${JSON.stringify(shorten(rawId, 60))}` };
  const name = id;

  const title = requiredText(optionalText(entry.title), "title", LIMITS.title);
  if (!title.ok) return { problem: title.problem, name };
  const abstract = requiredText(optionalText(entry.summary), "summary", LIMITS.abstract);
  if (!abstract.ok) return { problem: abstract.problem, name };

  const authors = list(entry.author)
    .map((author) => collapseWhitespace(text(record(author)?.name)))
    .filter((author) => author.length > 0 && author.length <= LIMITS.authorName)
    .slice(0, LIMITS.authors);

  const primary = attribute(entry.primary_category, "term");
  const categories = [primary, ...list(entry.category).map((category) => attribute(category, "term"))]
    .filter((term): term is string => !!term && term.length <= LIMITS.category)
    .filter((term, index, all) => all.indexOf(term) === index)
    .slice(0, LIMITS.categories);

  return {
    paper: {
      id,
      title: title.value,
      abstract: abstract.value,
      authors,
      categories,
      publishedAt: parseDate(text(entry.published)),
      url: alternateLink(entry.link) ?? `https://arxiv.org/abs/${id}`,
      source: "arxiv",
    },
  };
}

function isErrorEntry(entry: Record<string, unknown>): boolean {
  const id = text(entry.id);
  if (/\/api\/errors/i.test(id)) return true;
  // A real paper may be titled "Error"; only one without a paper id is arXiv's complaint.
  return text(entry.title).trim() === "Error" && !normaliseArxivId(id);
}

function alternateLink(links: unknown): string | undefined {
  const candidates = list(links)
    .map((link) => ({ rel: attribute(link, "rel"), href: attribute(link, "href") }))
    .filter((link): link is { rel: string | undefined; href: string } =>
      !!link.href && /^https?:\/\//i.test(link.href) && link.href.length <= LIMITS.url,
    );
  // The classic feed marks the abstract page rel="alternate"; since late 2025 arXiv
  // sends bare <link href> elements, and the abstract page is the one under /abs/.
  return (
    candidates.find((link) => link.rel === "alternate")?.href ??
    candidates.find((link) => link.rel === undefined && /\/abs\//.test(link.href))?.href
  );
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function optionalText(value: unknown): string | undefined {
  return value === undefined ? undefined : text(value);
}

/** Text content of an element, whether or not it carried attributes. */
function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  const node = record(value);
  return node && typeof node["#text"] === "string" ? node["#text"] : "";
}

function attribute(value: unknown, name: string): string | undefined {
  const node = record(Array.isArray(value) ? value[0] : value);
  const attr = node?.[`@_${name}`];
  return typeof attr === "string" ? attr.trim() : undefined;
}

function count(value: unknown): number | undefined {
  const raw = text(value).trim();
  if (!/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}
