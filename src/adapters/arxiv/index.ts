/**
 * Papers from the arXiv API (`/api/query`, Atom), newest first. arXiv asks
 * clients to wait three seconds between requests, so pages are fetched one at a
 * time with a pause between them; the pause and the clock are injectable so
 * tests check the politeness without waiting for it. Paging stops at `max`, at
 * the query's total, or at an empty page, whichever comes first.
 */
import { setTimeout as wait } from "node:timers/promises";
import type { PaperSource } from "../../core/ports.js";
import { fetchText } from "../http-fetch.js";
import { excerpt, limitWarnings } from "../paper-fields.js";
import { ArxivFeedError, arxivErrorMessage, parseArxivFeed } from "./parse.js";

export { ArxivFeedError, arxivErrorMessage, parseArxivFeed } from "./parse.js";
export type { ArxivPage } from "./parse.js";

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface ArxivSourceOptions {
  /** `https://export.arxiv.org`, or a local fake in tests. */
  baseUrl: string;
  /** arXiv's `search_query`, e.g. `cat:cs.LG` or `cat:cs.NE AND abs:spiking`. */
  query: string;
  /** The most papers to read. */
  max: number;
  /** Results per request; arXiv serves at most 2000. */
  pageSize?: number | undefined;
  /** Pause between requests; arXiv's rule is 3 s. */
  delayMs?: number | undefined;
  fetch?: typeof fetch | undefined;
  sleep?: Sleep | undefined;
  timeoutMs?: number | undefined;
}

const sleepFor: Sleep = async (ms, signal) => {
  await wait(ms, undefined, { signal });
};

export function buildArxivQueryUrl(baseUrl: string, query: string, start: number, maxResults: number): string {
  const params = new URLSearchParams({
    search_query: query,
    start: String(start),
    max_results: String(maxResults),
    sortBy: "submittedDate",
    sortOrder: "descending",
  });
  return `${baseUrl.replace(/\/+$/, "")}/api/query?${params.toString()}`;
}

export function createArxivSource(options: ArxivSourceOptions): PaperSource {
  const query = options.query.trim();
  const { max } = options;
  const pageSize = options.pageSize ?? 100;
  const delayMs = options.delayMs ?? 3000;
  const sleep = options.sleep ?? sleepFor;
  if (query.length === 0) throw new Error(`The arXiv query is empty; try one such as "cat:cs.LG"`);
  if (!Number.isInteger(max) || max < 1) throw new Error(`The arXiv maximum must be a whole number ≥ 1, got ${max}`);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 2000) {
    throw new Error(`The arXiv page size must be a whole number from 1 to 2000, got ${pageSize}`);
  }
  if (!Number.isFinite(delayMs) || delayMs < 0) throw new Error(`The arXiv delay must be ≥ 0 ms, got ${delayMs}`);

  return {
    name: `arxiv ${query}`,
    async *fetch({ warn, signal }) {
      const warnings = limitWarnings(warn);
      let start = 0;
      let page = 0;
      while (start < max) {
        if (page > 0 && delayMs > 0) await sleep(delayMs, signal);
        page += 1;
        const size = Math.min(pageSize, max - start);
        const url = buildArxivQueryUrl(options.baseUrl, query, start, size);
        const label = `arXiv page ${page} (start=${start})`;
        const answer = await fetchText(url, {
          label,
          fetch: options.fetch,
          signal,
          timeoutMs: options.timeoutMs,
          accept: "application/atom+xml",
        });
        if (answer.status !== 200) {
          // A bad query comes back as 400 with the reason in an Atom error entry.
          const reason = arxivErrorMessage(answer.body);
          throw new ArxivFeedError(
            reason
              ? `${label}: arXiv rejected the query (${answer.status}): ${reason}`
              : `${label}: ${url} answered ${answer.status} ${answer.statusText}`.trimEnd() +
                `, body ${excerpt(answer.body)}`,
          );
        }
        const result = parseArxivFeed(answer.body, label, warnings.warn);
        if (result.entryCount === 0) break;
        const papers = result.papers.slice(0, max - start);
        if (papers.length > 0) yield papers;
        start += result.entryCount;
        if (result.totalResults !== undefined && start >= result.totalResults) break;
      }
      warnings.finish("entries");
    },
  };
}
