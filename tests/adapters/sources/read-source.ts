/**
 * Drains a paper source the way ingest does, keeping what it yielded, what it
 * warned about and what it threw, so tests can say all three in one breath.
 */
import type { PaperSource } from "../../../src/core/ports.js";
import type { PaperInput } from "../../../src/core/types.js";

export interface SourceRun {
  batches: PaperInput[][];
  papers: PaperInput[];
  warnings: string[];
  error: Error | undefined;
}

export async function readSource(source: PaperSource, signal?: AbortSignal): Promise<SourceRun> {
  const batches: PaperInput[][] = [];
  const warnings: string[] = [];
  let error: Error | undefined;
  try {
    for await (const batch of source.fetch({ warn: (message) => warnings.push(message), signal })) {
      batches.push(batch);
    }
  } catch (thrown) {
    error = thrown instanceof Error ? thrown : new Error(String(thrown));
  }
  return { batches, papers: batches.flat(), warnings, error };
}
