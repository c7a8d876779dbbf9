/**
 * Hugging Face's daily papers for one day: the papers the community featured,
 * with their upvotes, which feed the trending score. One request a day; the
 * whole answer is judged before anything is yielded, so a failed or mangled
 * answer stores nothing and says what came back.
 */
import type { PaperSource } from "../../core/ports.js";
import { fetchText } from "../http-fetch.js";
import { excerpt, limitWarnings } from "../paper-fields.js";
import { FeedError, parseDailyPapers } from "./parse.js";

export { FeedError, parseDailyPaper, parseDailyPapers } from "./parse.js";

export interface HuggingFaceSourceOptions {
  /** `https://huggingface.co`, or a local fake in tests. */
  baseUrl: string;
  /** The day, `YYYY-MM-DD`. */
  date: string;
  fetch?: typeof fetch | undefined;
  timeoutMs?: number | undefined;
}

export function createHuggingFaceSource(options: HuggingFaceSourceOptions): PaperSource {
  const { date } = options;
  if (!isCalendarDate(date)) {
    throw new Error(`Hugging Face daily papers need a date as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  const url = `${options.baseUrl.replace(/\/+$/, "")}/api/daily_papers?date=${date}`;
  const label = `Hugging Face daily papers for ${date}`;

  return {
    name: `huggingface ${date}`,
    async *fetch({ warn, signal }) {
      const answer = await fetchText(url, {
        label,
        fetch: options.fetch,
        signal,
        timeoutMs: options.timeoutMs,
        accept: "application/json",
      });
      if (answer.status !== 200) {
        throw new FeedError(
          `${label}: ${url} answered ${answer.status} ${answer.statusText}`.trimEnd() + `, body ${excerpt(answer.body)}`,
        );
      }
      const warnings = limitWarnings(warn);
      const papers = parseDailyPapers(answer.body, warnings.warn, label);
      warnings.finish("items");
      if (papers.length > 0) yield papers;
    },
  };
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
