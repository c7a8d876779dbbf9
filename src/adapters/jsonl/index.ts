/**
 * Papers from a JSONL file, one JSON object a line: the way a team loads its
 * own reading list and the way the bundled sample corpus arrives. The file is
 * streamed, so its size does not matter; a broken line is named in a warning
 * and skipped, and only a file that cannot be read at all stops the run.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import type { PaperSource } from "../../core/ports.js";
import type { PaperInput } from "../../core/types.js";
import { limitWarnings } from "../paper-fields.js";
import { parsePaperLine } from "./parse-line.js";

export { parsePaperLine } from "./parse-line.js";

export interface JsonlSourceOptions {
  path: string;
  batchSize?: number | undefined;
}

export function createJsonlSource(options: JsonlSourceOptions): PaperSource {
  const { path } = options;
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const fileName = basename(path);

  return {
    name: `file ${fileName}`,
    async *fetch({ warn, signal }) {
      await assertReadableFile(path);
      const warnings = limitWarnings(warn);
      const input = createReadStream(path, { encoding: "utf8", signal });
      const lines = createInterface({ input, crlfDelay: Infinity });
      let lineNumber = 0;
      let batch: PaperInput[] = [];
      try {
        for await (const raw of lines) {
          lineNumber += 1;
          // An editor's byte-order mark would otherwise make the first line invalid JSON.
          const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, "") : raw;
          const result = parsePaperLine(line);
          if (result.kind === "invalid") warnings.warn(`${fileName} line ${lineNumber}: ${result.problem}`);
          if (result.kind !== "paper") continue;
          batch.push(result.paper);
          if (batch.length >= batchSize) {
            yield batch;
            batch = [];
          }
        }
      } catch (error) {
        throw new Error(`Could not finish reading ${path} (stopped after line ${lineNumber}): ${message(error)}`, {
          cause: error,
        });
      } finally {
        lines.close();
        input.destroy();
      }
      if (batch.length > 0) yield batch;
      warnings.finish("malformed lines");
    },
  };
}

async function assertReadableFile(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new Error(`Papers file not found: ${path}`, { cause: error });
    if (code === "EACCES") throw new Error(`Papers file is not readable (permission denied): ${path}`, { cause: error });
    throw new Error(`Cannot open papers file ${path}: ${message(error)}`, { cause: error });
  }
  if (!info.isFile()) throw new Error(`Papers file ${path} is not a file (a directory?)`);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
