/**
 * The index as the core uses it: papers come and go through upsert, filters
 * narrow the answer, and autocomplete offers titles.
 */
import { describe, expect, it } from "vitest";
import { createPaperIndex, parseSearchQuery, SEARCH_ENGINES } from "../../../src/core/search/index.js";
import type { Paper } from "../../../src/core/types.js";

const ENGINES = SEARCH_ENGINES;
const now = new Date("2026-11-27T12:00:00Z");

function paper(id: string, fields: Partial<Paper> & { title: string }): Paper {
  return {
    id,
    abstract: "An abstract about nothing in particular.",
    authors: [],
    categories: [],
    publishedAt: null,
    featuredAt: null,
    url: `https://arxiv.org/abs/${id}`,
    sources: ["arxiv"],
    sourceUpvotes: 0,
    firstSeenAt: new Date("2026-11-01T00:00:00Z"),
    ...fields,
  };
}

const papers: Paper[] = [
  paper("2411.00001", {
    title: "Capsule networks revisited",
    authors: ["Geoffrey E. Hinton", "Sara Sabour"],
    publishedAt: new Date("2026-11-25T00:00:00Z"),
  }),
  paper("2411.00002", {
    title: "Forward-forward training of capsule networks",
    authors: ["Geoffrey Hinton"],
    publishedAt: new Date("2026-06-01T00:00:00Z"),
  }),
  paper("2411.00003", {
    title: "Kernel methods for capsule routing",
    authors: ["Bernhard Schölkopf"],
    publishedAt: new Date("2025-01-01T00:00:00Z"),
    featuredAt: new Date("2026-11-26T00:00:00Z"),
  }),
  paper("2411.00004", {
    title: "Attention is all you need",
    authors: ["Ashish Vaswani", "Noam Shazeer"],
    publishedAt: null,
    firstSeenAt: new Date("2026-11-24T00:00:00Z"),
  }),
];

async function ids(index: ReturnType<typeof createPaperIndex>, raw: string): Promise<string[]> {
  const parsed = parseSearchQuery(raw, now);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return (await index.search(parsed.query, 10)).map((hit) => hit.id);
}

describe.each(ENGINES)("the %s paper index", (engine) => {
  function loaded() {
    const index = createPaperIndex({ engine });
    index.upsert(papers);
    return index;
  }

  it("lists an author's papers newest first when the query has no words", async () => {
    expect(await ids(loaded(), "author:hinton")).toEqual(["2411.00001", "2411.00002"]);
  });

  it("matches authors whatever their case and accents", async () => {
    expect(await ids(loaded(), "author:SCHOLKOPF")).toEqual(["2411.00003"]);
    expect(await ids(loaded(), "author:schölk")).toEqual(["2411.00003"]);
  });

  it("matches a quoted full name even with a middle initial in between", async () => {
    expect(await ids(loaded(), 'author:"geoffrey hinton"')).toEqual(["2411.00001", "2411.00002"]);
  });

  it("keeps only recent papers with since:, counting a later feature as news", async () => {
    expect((await ids(loaded(), "capsule since:7d")).sort()).toEqual(["2411.00001", "2411.00003"]);
  });

  it("dates a paper without a publication date from when it was first seen", async () => {
    expect(await ids(loaded(), "attention since:7d")).toEqual(["2411.00004"]);
    expect(await ids(loaded(), "attention since:1d")).toEqual([]);
  });

  it("combines words and filters", async () => {
    expect(await ids(loaded(), "capsule author:hinton since:1m")).toEqual(["2411.00001"]);
  });

  it("finds an author by name in the text as well", async () => {
    expect(await ids(loaded(), "vaswani")).toEqual(["2411.00004"]);
  });

  it("replaces a paper that is upserted again instead of failing or duplicating it", async () => {
    const index = loaded();
    index.upsert([{ ...papers[3]!, title: "Transformers: attention everywhere" }]);
    expect(index.size).toBe(4);
    expect(await ids(index, "transformers")).toEqual(["2411.00004"]);
    expect(await ids(index, "need")).toEqual([]);
  });

  it("returns nothing for an empty query without filters", async () => {
    expect(await ids(loaded(), "")).toEqual([]);
  });

  it("respects the limit", async () => {
    const parsed = parseSearchQuery("capsule", now);
    if (!parsed.ok) throw new Error("unreachable");
    expect(await loaded().search(parsed.query, 2)).toHaveLength(2);
  });

  it("suggests titles for the start of a word", () => {
    const suggestions = loaded().suggest("caps", 5);
    expect(suggestions.map((item) => item.title).sort()).toEqual([
      "Capsule networks revisited",
      "Forward-forward training of capsule networks",
      "Kernel methods for capsule routing",
    ]);
  });

  it("suggests nothing for a blank prefix", () => {
    expect(loaded().suggest("  ", 5)).toEqual([]);
  });
});
