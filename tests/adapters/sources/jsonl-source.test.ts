import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJsonlSource, parsePaperLine } from "../../../src/adapters/jsonl/index.js";
import { readSource } from "./read-source.js";

const PAPERS = fileURLToPath(new URL("../../fixtures/jsonl/papers.jsonl", import.meta.url));

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "paperboy-jsonl-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("the JSONL paper source", () => {
  it("reads every well-formed line, whichever way it spells its authors", async () => {
    const run = await readSource(createJsonlSource({ path: PAPERS }));

    expect(run.error).toBeUndefined();
    expect(run.papers.map((paper) => paper.title)).toEqual([
      "Spikformer: When Spiking Neural Network Meets Transformer",
      "Surrogate Gradient Learning in Spiking Neural Networks",
      "Attention Is All You Need",
      "An Old-Style Identifier",
    ]);
    const [spikformer, surrogate, attention, oldStyle] = run.papers;
    expect(spikformer).toEqual({
      id: "2209.15425",
      title: "Spikformer: When Spiking Neural Network Meets Transformer",
      abstract: expect.stringMatching(/^We combine two biologically plausible structures/),
      authors: ["Zhaokun Zhou", "Yuesheng Zhu", "Chao He", "Yaowei Wang", "Shuicheng Yan", "Yonghong Tian", "Li Yuan"],
      categories: ["cs.NE", "cs.CV"],
      publishedAt: new Date("2022-09-29T00:00:00Z"),
      url: "https://arxiv.org/abs/2209.15425",
      source: "file",
    });
    expect(surrogate?.id).toBeUndefined();
    expect(surrogate?.authors).toEqual(["Emre O. Neftci", "Hesham Mostafa", "Friedemann Zenke"]);
    expect(surrogate?.abstract).not.toContain("\n");
    expect(attention?.authors).toEqual(["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit"]);
    expect(attention?.publishedAt).toEqual(new Date("2017-06-12T17:57:34Z"));
    expect(oldStyle?.id).toBe("hep-th/9901001");
    expect(oldStyle?.categories).toEqual(["hep-th"]);
  });

  it("skips each malformed line with a warning that names the file and the line", async () => {
    const run = await readSource(createJsonlSource({ path: PAPERS }));

    expect(run.warnings).toEqual([
      'papers.jsonl line 4: not valid JSON: {"title": "A line cut off in the middle"…',
      'papers.jsonl line 5: missing "title"',
      'papers.jsonl line 7: empty "abstract"',
      'papers.jsonl line 8: "title" must be text, got a number',
      'papers.jsonl line 9: "title" is 1599 characters long (at most 1000)',
      "papers.jsonl line 10: expected a JSON object, got a list",
      'papers.jsonl line 11: "published" is not an ISO date: "last tuesday"',
      'papers.jsonl line 13: "url" must start with http:// or https://, got "javascript:alert(1)"',
      'papers.jsonl line 14: "authors" must be a list of names or one comma-separated string, got a number',
    ]);
  });

  it("streams a long file in batches of 500", async () => {
    const path = join(scratch, "long.jsonl");
    const lines = Array.from({ length: 1203 }, (_, index) =>
      JSON.stringify({ title: `Paper number ${index + 1}`, abstract: `Abstract ${index + 1}.` }),
    );
    await writeFile(path, `${lines.join("\n")}\n`);

    const run = await readSource(createJsonlSource({ path }));

    expect(run.batches.map((batch) => batch.length)).toEqual([500, 500, 203]);
    expect(run.papers.at(-1)?.title).toBe("Paper number 1203");
  });

  it("reads files saved with a byte-order mark and Windows line endings", async () => {
    const path = join(scratch, "windows.jsonl");
    await writeFile(
      path,
      '\uFEFF{"title":"First","abstract":"One."}\r\n\r\n{"title":"Second","abstract":"Two."}\r\n',
    );

    const run = await readSource(createJsonlSource({ path }));

    expect(run.warnings).toEqual([]);
    expect(run.papers.map((paper) => [paper.title, paper.abstract])).toEqual([
      ["First", "One."],
      ["Second", "Two."],
    ]);
  });

  it("names the first hundred bad lines and counts the rest, so a garbage file stays readable", async () => {
    const path = join(scratch, "garbage.jsonl");
    await writeFile(path, `${Array.from({ length: 250 }, () => "not json").join("\n")}\n`);

    const run = await readSource(createJsonlSource({ path }));

    expect(run.papers).toEqual([]);
    expect(run.warnings).toHaveLength(101);
    expect(run.warnings[99]).toBe('garbage.jsonl line 100: not valid JSON: not json');
    expect(run.warnings[100]).toBe("…and 150 more malformed lines skipped");
  });

  it("throws a clear error for a file that does not exist, and yields nothing", async () => {
    const path = join(scratch, "nowhere.jsonl");

    const run = await readSource(createJsonlSource({ path }));

    expect(run.papers).toEqual([]);
    expect(run.error?.message).toBe(`Papers file not found: ${path}`);
  });

  it("throws a clear error when given a directory instead of a file", async () => {
    const run = await readSource(createJsonlSource({ path: scratch }));

    expect(run.error?.message).toBe(`Papers file ${scratch} is not a file (a directory?)`);
  });
});

describe("parsing one line of a papers file", () => {
  it("treats a line of spaces as blank, not as an error", () => {
    expect(parsePaperLine("   \t ")).toEqual({ kind: "blank" });
  });

  it("accepts authors as one comma-separated string and drops the empty names", () => {
    const result = parsePaperLine('{"title":"T","abstract":"A","authors":"Ada Lovelace, , Charles Babbage,"}');
    expect(result).toMatchObject({ kind: "paper", paper: { authors: ["Ada Lovelace", "Charles Babbage"] } });
  });

  it("refuses an author given as something other than a name", () => {
    expect(parsePaperLine('{"title":"T","abstract":"A","authors":["Ada",{"id":3}]}')).toEqual({
      kind: "invalid",
      problem: '"authors" item 2 must be a name or {"name": …}, got an object',
    });
  });

  it("refuses a numeric id, which would have lost its trailing zero", () => {
    expect(parsePaperLine('{"id":2401.12340,"title":"T","abstract":"A"}')).toEqual({
      kind: "invalid",
      problem: '"id" must be text such as "2401.12345", got a number',
    });
  });

  it("keeps an id that is not an arXiv id as it was given, for the store to judge", () => {
    expect(parsePaperLine('{"id":" doi:10.1000/xyz ","title":"T","abstract":"A"}')).toMatchObject({
      kind: "paper",
      paper: { id: "doi:10.1000/xyz" },
    });
  });

  it("treats null optional fields as absent", () => {
    expect(
      parsePaperLine('{"title":"T","abstract":"A","id":null,"authors":null,"published":null,"url":null}'),
    ).toEqual({
      kind: "paper",
      paper: {
        id: undefined,
        title: "T",
        abstract: "A",
        authors: undefined,
        categories: undefined,
        publishedAt: undefined,
        url: undefined,
        source: "file",
      },
    });
  });
});
