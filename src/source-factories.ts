/**
 * The feeds paperboy reads, built from configuration: one place that knows
 * where Hugging Face and arXiv live, for the scheduler and the ingest command.
 */
import { createArxivSource } from "./adapters/arxiv/index.js";
import { createHuggingFaceSource } from "./adapters/huggingface/index.js";
import type { Config } from "./config.js";
import type { PaperSource } from "./core/ports.js";
import type { SourceFactories } from "./scheduler/index.js";

/** arXiv papers a scheduled ingest reads per category. */
const SCHEDULED_ARXIV_MAX = 200;

/** The scheduler's factories; the ingest command also says how many arXiv papers to read. */
export type ConfiguredSources = SourceFactories & { arxiv(query: string, max?: number): PaperSource };

export function createSourceFactories(config: Pick<Config, "hfApiUrl" | "arxivApiUrl" | "arxivDelayMs">): ConfiguredSources {
  return {
    huggingface: (date: string) => createHuggingFaceSource({ baseUrl: config.hfApiUrl, date }),
    arxiv: (query: string, max: number = SCHEDULED_ARXIV_MAX) =>
      createArxivSource({ baseUrl: config.arxivApiUrl, query, max, delayMs: config.arxivDelayMs }),
  };
}
