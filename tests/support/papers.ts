/**
 * A stored paper for renderer tests: a plausible arXiv paper that a test
 * changes only where its assertion cares.
 */
import type { Paper, PaperView } from "../../src/core/types.js";

export function testPaper(overrides: Partial<Paper> = {}): Paper {
  return {
    id: "2401.12345",
    title: "Spiking Neural Networks at Scale",
    abstract: "We train spiking networks with surrogate gradients.",
    authors: ["Ada Lovelace", "Alan Turing"],
    categories: ["cs.NE"],
    publishedAt: new Date("2026-11-25T00:00:00Z"),
    featuredAt: null,
    url: "https://arxiv.org/abs/2401.12345",
    sources: ["arxiv"],
    sourceUpvotes: 0,
    firstSeenAt: new Date("2026-11-25T00:00:00Z"),
    ...overrides,
  };
}

export function testView(overrides: Partial<Paper> = {}, votes = 0): PaperView {
  return { paper: testPaper(overrides), votes, score: 1 };
}
