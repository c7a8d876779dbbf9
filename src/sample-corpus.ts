/**
 * The bundled sample corpus: 157 real papers, so a first run on an empty
 * embedded database has something to search and a digest to post.
 */
import { fileURLToPath } from "node:url";
import { createJsonlSource } from "./adapters/jsonl/index.js";
import type { IngestReport, Paperboy } from "./core/api.js";

export const SAMPLE_CORPUS_PATH = fileURLToPath(new URL("../data/sample-papers.jsonl", import.meta.url));

export function loadSampleCorpus(paperboy: Paperboy): Promise<IngestReport> {
  return paperboy.ingest(createJsonlSource({ path: SAMPLE_CORPUS_PATH }));
}
