/**
 * The three paper sources in one place, for the CLI and the scheduler: a JSONL
 * file, Hugging Face's daily papers, and the arXiv API. Each is a `PaperSource`
 * (see `src/core/ports.ts`) built by its own factory.
 */
export { createJsonlSource, type JsonlSourceOptions } from "./jsonl/index.js";
export { createHuggingFaceSource, type HuggingFaceSourceOptions } from "./huggingface/index.js";
export { createArxivSource, type ArxivSourceOptions } from "./arxiv/index.js";
