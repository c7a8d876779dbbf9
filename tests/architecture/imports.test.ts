/**
 * Dependencies point inward: adapters → commands → core. This reads every
 * import in src and fails when the core learns about a platform, the
 * command layer about an adapter, or one adapter about another.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../../src/", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

interface Import {
  file: string;
  specifier: string;
  /** Where a relative import lands, as a path under src (`adapters/slack/index.ts`); undefined for packages. */
  target: string | undefined;
}

/** Static imports, re-exports, dynamic imports and requires. */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const patterns = [
    /\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  const specifiers = new Set(patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1] as string)));
  return [...specifiers].map((specifier) => ({
    file: relative(SRC, file).split(sep).join("/"),
    specifier,
    target: specifier.startsWith(".") ? relative(SRC, resolve(dirname(file), specifier)).split(sep).join("/") : undefined,
  }));
}

function importsUnder(folder: string): Import[] {
  return sourceFiles(join(SRC, folder)).flatMap(importsOf);
}

const PLATFORM_SDK = /^(@slack\/|discord\.js$|discord\.js\/|@discordjs\/|ws$|node-cron$)/;
const shown = (found: Import[]) => found.map((imp) => `${imp.file} imports ${imp.specifier}`);

describe("the direction of dependencies", () => {
  it("finds the source files it checks", () => {
    expect(importsUnder("core").length).toBeGreaterThan(20);
    expect(importsUnder("commands").length).toBeGreaterThan(5);
    expect(importsUnder("adapters").length).toBeGreaterThan(20);
  });

  it("keeps platform SDKs and node-cron out of src/core", () => {
    expect(shown(importsUnder("core").filter((imp) => PLATFORM_SDK.test(imp.specifier)))).toEqual([]);
  });

  it("keeps adapters, commands and the scheduler out of src/core", () => {
    const outward = importsUnder("core").filter(
      (imp) => imp.target !== undefined && /^(adapters|commands|scheduler)(\/|$)/.test(imp.target),
    );
    expect(shown(outward)).toEqual([]);
  });

  it("keeps src/core inside itself and the migrations (no reaching up into the composition root or its helpers)", () => {
    const outside = importsUnder("core").filter(
      (imp) => imp.target !== undefined && !imp.target.startsWith("core/") && !imp.target.startsWith("../migrations/"),
    );
    expect(shown(outside)).toEqual([]);
  });

  it("keeps adapters, the scheduler and platform SDKs out of src/commands", () => {
    const found = importsUnder("commands").filter(
      (imp) => PLATFORM_SDK.test(imp.specifier) || (imp.target !== undefined && /^(adapters|scheduler)(\/|$)/.test(imp.target)),
    );
    expect(shown(found)).toEqual([]);
  });

  it("never lets one adapter import another", () => {
    const crossing = importsUnder("adapters").filter((imp) => {
      const own = /^adapters\/([^/]+)\//.exec(imp.file)?.[1];
      const theirs = imp.target === undefined ? undefined : /^adapters\/([^/]+)\//.exec(imp.target)?.[1];
      // Files directly in src/adapters (chat-adapter.ts, shared source helpers) are for everyone.
      return own !== undefined && theirs !== undefined && own !== theirs;
    });
    expect(shown(crossing)).toEqual([]);
  });

  it("keeps each platform's SDK inside its own adapter", () => {
    const misplaced = sourceFiles(SRC)
      .flatMap(importsOf)
      .filter((imp) => {
        if (/^@slack\//.test(imp.specifier)) return !imp.file.startsWith("adapters/slack/");
        if (/^(discord\.js|@discordjs\/)/.test(imp.specifier)) return !/^(adapters\/discord\/|cli\/discord-register)/.test(imp.file);
        return false;
      });
    expect(shown(misplaced)).toEqual([]);
  });
});
