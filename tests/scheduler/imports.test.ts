/**
 * The scheduler sits between the core and the platforms without knowing
 * either's insides: node-cron stays out of the core, and the scheduler reaches
 * feeds and chats only through what the composition root hands it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((match) => match[1] as string);
}

describe("who may import what around the scheduler", () => {
  it("keeps node-cron out of src/core", () => {
    const offenders = sourceFiles(join(SRC, "core")).filter((file) => importsOf(file).includes("node-cron"));
    expect(offenders).toEqual([]);
  });

  it("keeps adapters and platform SDKs out of src/scheduler", () => {
    const forbidden = /(^|\/)adapters\/|^@slack\/|^discord\.js|^ws$/;
    const offenders = sourceFiles(join(SRC, "scheduler")).flatMap((file) =>
      importsOf(file)
        .filter((specifier) => forbidden.test(specifier))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });
});
