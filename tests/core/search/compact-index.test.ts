/**
 * What the compact engine does beyond the shared behaviour: it survives
 * papers being replaced again and again (its compaction), it can leave
 * abstracts in the database and load them for snippets, and it reads a
 * typo as the word it misspells.
 */
import { describe, expect, it } from "vitest";
import { createCompactIndex, editDistance } from "../../../src/core/search/compact-index.js";
import { parseSearchQuery } from "../../../src/core/search/index.js";
import type { Paper } from "../../../src/core/types.js";

const now = new Date("2026-11-27T12:00:00Z");

function paper(id: string, title: string, abstract = "A study of something.", publishedAt: Date | null = null): Paper {
  return {
    id,
    title,
    abstract,
    authors: ["Ada Lovelace"],
    categories: [],
    publishedAt,
    featuredAt: null,
    url: "",
    sources: ["arxiv"],
    sourceUpvotes: 0,
    firstSeenAt: new Date("2026-11-01T00:00:00Z"),
  };
}

function query(text: string) {
  const parsed = parseSearchQuery(text, now);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.query;
}

describe("the compact index", () => {
  it("keeps answering correctly after thousands of replacements force a compaction", async () => {
    const index = createCompactIndex();
    index.upsert([paper("keep", "Spiking neural networks"), paper("other", "Graph transformers")]);
    for (let round = 0; round < 1500; round++) index.upsert([paper("churn", `Revision ${round} of a diffusion model`)]);
    expect(index.size).toBe(3);
    expect(index.stats().slots).toBeLessThan(1000);
    expect((await index.search(query("spiking"), 5)).map((hit) => hit.id)).toEqual(["keep"]);
    expect((await index.search(query("diffusion"), 5)).map((hit) => hit.id)).toEqual(["churn"]);
    expect((await index.search(query("revision 1499"), 1)).map((hit) => hit.id)).toEqual(["churn"]);
    expect(await index.search(query("revision 12"), 5)).toHaveLength(1);
  });

  it("only moves a paper's date when it is upserted again with the same text", async () => {
    const index = createCompactIndex();
    index.upsert([paper("p1", "Membrane potential", "About membranes.", new Date("2025-01-01T00:00:00Z"))]);
    expect(await index.search(query("membrane since:7d"), 5)).toEqual([]);
    index.upsert([paper("p1", "Membrane potential", "About membranes.", new Date("2026-11-26T00:00:00Z"))]);
    expect((await index.search(query("membrane since:7d"), 5)).map((hit) => hit.id)).toEqual(["p1"]);
    expect(index.stats().slots).toBe(1);
  });

  it("asks for the abstracts of the hits only, when told to leave abstracts in the database", async () => {
    const asked: string[][] = [];
    const abstracts = new Map([
      ["a", "We train spiking networks with surrogate gradients."],
      ["b", "Transformers for graphs."],
    ]);
    const index = createCompactIndex({
      loadAbstracts: async (ids) => {
        asked.push([...ids]);
        return new Map(ids.map((id) => [id, abstracts.get(id) ?? ""]));
      },
    });
    index.upsert([paper("a", "Surrogate gradients", abstracts.get("a")), paper("b", "Graph transformers", abstracts.get("b"))]);
    expect(index.stats().abstractChars).toBe(0);
    const hits = await index.search(query("spiking"), 5);
    expect(hits).toEqual([{ id: "a", score: expect.any(Number), snippet: "We train spiking networks with surrogate gradients." }]);
    expect(asked).toEqual([["a"]]);
  });

  it("re-indexes a paper whose abstract changed to another of the same length, even without keeping abstracts", async () => {
    const index = createCompactIndex({ loadAbstracts: async (ids) => new Map(ids.map((id) => [id, ""])) });
    index.upsert([paper("p1", "Same title", "About graphs.")]);
    index.upsert([paper("p1", "Same title", "About brains.")]);
    expect((await index.search(query("brain"), 5)).map((hit) => hit.id)).toEqual(["p1"]);
    expect(await index.search(query("graphs"), 5)).toEqual([]);
  });

  it("reads a misspelt word as the word it misspells, and a plural as its singular", async () => {
    const index = createCompactIndex();
    index.upsert([paper("ae", "Sparse autoencoder features"), paper("snn", "Spiking neural network pruning")]);
    expect((await index.search(query("autoencodr"), 5)).map((hit) => hit.id)).toEqual(["ae"]);
    expect((await index.search(query("spkiing"), 5)).map((hit) => hit.id)).toEqual(["snn"]);
    expect((await index.search(query("autoencoders"), 5)).map((hit) => hit.id)).toEqual(["ae"]);
  });

  it("does not take short words for typos of other words", async () => {
    const index = createCompactIndex();
    index.upsert([paper("cat", "Cat videos"), paper("car", "Car crashes")]);
    expect((await index.search(query("cat"), 5)).map((hit) => hit.id)).toEqual(["cat"]);
  });
});

describe("editDistance", () => {
  it("counts a swap of neighbouring letters as one edit", () => {
    expect(editDistance("spiking", "spikign", 2)).toBe(1);
    expect(editDistance("spiking", "spikng", 2)).toBe(1);
    expect(editDistance("spiking", "sparking", 2)).toBe(2);
  });

  it("gives up above the limit", () => {
    expect(editDistance("transformer", "diffusion", 2)).toBe(3);
  });
});
