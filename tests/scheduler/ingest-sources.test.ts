/**
 * What one scheduled ingest reads: today's and yesterday's Hugging Face daily
 * papers (UTC) and one arXiv query per configured category.
 */
import { describe, expect, it } from "vitest";
import type { PaperSource } from "../../src/core/ports.js";
import { createIngestSources, planIngestSources } from "../../src/scheduler/index.js";

describe("planIngestSources", () => {
  it("reads Hugging Face for today and yesterday in UTC, whatever the hour", () => {
    expect(planIngestSources(new Date("2026-11-27T00:05:00Z"), [])).toEqual([
      { kind: "huggingface", date: "2026-11-27" },
      { kind: "huggingface", date: "2026-11-26" },
    ]);
    expect(planIngestSources(new Date("2027-01-01T23:05:00Z"), [])).toEqual([
      { kind: "huggingface", date: "2027-01-01" },
      { kind: "huggingface", date: "2026-12-31" },
    ]);
  });

  it("adds one arXiv category query for each configured category", () => {
    const plan = planIngestSources(new Date("2026-11-27T10:05:00Z"), ["cs.LG", "cs.AI"]);
    expect(plan.slice(2)).toEqual([
      { kind: "arxiv", query: "cat:cs.LG" },
      { kind: "arxiv", query: "cat:cs.AI" },
    ]);
  });
});

describe("createIngestSources", () => {
  it("turns the plan into sources with the factories it is given", () => {
    const named = (name: string): PaperSource => ({ name, fetch: async function* () {} });
    const sources = createIngestSources(
      { huggingface: (date) => named(`hf ${date}`), arxiv: (query) => named(`arxiv ${query}`) },
      ["cs.NE"],
    );
    expect(sources(new Date("2026-11-27T10:05:00Z")).map((source) => source.name)).toEqual([
      "hf 2026-11-27",
      "hf 2026-11-26",
      "arxiv cat:cs.NE",
    ]);
  });
});
