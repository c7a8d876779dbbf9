/**
 * Replies and digests as terminal text, checked line by line: what a person
 * at the terminal reads, with outside text stripped of anything that could
 * move the cursor or recolour the screen.
 */
import { describe, expect, it } from "vitest";
import { cleanText, renderDigestEntry, renderDigestRoot, renderReply } from "../../../src/adapters/shell/render.js";
import { errorReply } from "../../../src/commands/reply.js";
import { helpReply } from "../../../src/commands/run.js";
import type { Paper, PaperView } from "../../../src/core/types.js";
import { testPaper } from "../../support/papers.js";

const paper = (overrides: Partial<Paper> = {}): Paper =>
  testPaper({
    categories: ["cs.NE", "cs.LG"],
    publishedAt: new Date("2024-01-20T00:00:00Z"),
    firstSeenAt: new Date("2024-01-21T00:00:00Z"),
    ...overrides,
  });
const view = (p: Paper, votes = 0, snippet?: string): PaperView => ({ paper: p, votes, score: 0, snippet });

describe("rendering replies for the terminal", () => {
  it("lists papers numbered, with authors, id, votes, excerpt and link", () => {
    const text = renderReply({
      kind: "papers",
      heading: 'Papers matching "spiking"',
      papers: [view(paper(), 1, "…train spiking networks…"), view(paper({ id: "2401.54321", title: "Second", authors: [], url: "" }), 2)],
      empty: "nothing",
    });
    expect(text.split("\n")).toEqual([
      'Papers matching "spiking"',
      " [1] Spiking Neural Networks at Scale",
      "     Ada Lovelace, Alan Turing · arXiv 2401.12345 · 1 vote",
      "     …train spiking networks…",
      "     https://arxiv.org/abs/2401.12345",
      " [2] Second",
      "     arXiv 2401.54321 · 2 votes",
      "     We train spiking networks with surrogate gradients.",
      "Vote with +1 <number>.",
    ]);
  });

  it("says the empty message when there are no papers", () => {
    expect(renderReply({ kind: "papers", heading: "h", papers: [], empty: 'No papers match "qq".' })).toBe('No papers match "qq".');
  });

  it("shortens long author lists and long titles", () => {
    const [title, meta] = renderReply({
      kind: "papers",
      heading: "h",
      papers: [view(paper({ title: "T".repeat(300), authors: ["A", "B", "C", "D", "E"] }))],
      empty: "",
    })
      .split("\n")
      .slice(1);
    expect(title).toBe(` [1] ${"T".repeat(199)}…`);
    expect(meta).toBe("     A, B, C, D et al. · arXiv 2401.12345 · 0 votes");
  });

  it("shows one paper in full, and a content id as it is", () => {
    expect(renderReply({ kind: "paper", paper: view(paper(), 3) }).split("\n")).toEqual([
      "Spiking Neural Networks at Scale",
      "Ada Lovelace, Alan Turing",
      "arXiv 2401.12345 · cs.NE cs.LG · 3 votes",
      "",
      "We train spiking networks with surrogate gradients.",
      "",
      "https://arxiv.org/abs/2401.12345",
    ]);
    const local = renderReply({ kind: "paper", paper: view(paper({ id: "pb-0123456789abcdef", url: "", categories: [] })) });
    expect(local).toContain("pb-0123456789abcdef · 0 votes");
    expect(local).not.toContain("arXiv pb-");
  });

  it("prints an error with its example", () => {
    expect(renderReply(errorReply("bad-time", '"25:00" is not a time: use HH:MM, 24-hour.', "/papers subscribe time 08:30"))).toBe(
      '"25:00" is not a time: use HH:MM, 24-hour. Try: /papers subscribe time 08:30',
    );
    expect(renderReply(errorReply("unavailable", "Something went wrong."))).toBe("Something went wrong.");
  });

  it("prints help with every command, its example, and how to vote and leave", () => {
    const text = renderReply(helpReply());
    for (const usage of ["/papers <query>", "/papers top", "/papers show", "/papers subscribe", "/papers unsubscribe", "/papers digest", "/papers help"]) {
      expect(text).toContain(usage);
    }
    expect(text).toContain("e.g. /papers spiking neural networks");
    expect(text).toContain("+1 <number>");
    expect(text).toContain("quit");
  });

  it("prints a digest's header and its numbered entries", () => {
    expect(renderDigestRoot({ localDate: "2026-11-27", title: "Trending papers, Fri 27 Nov", paperCount: 5 })).toBe(
      "── Trending papers, Fri 27 Nov ── 5 papers. Vote with +1 <number>.",
    );
    expect(renderDigestEntry({ position: 3, paper: paper(), votes: 0 }).split("\n")).toEqual([
      " [3] Spiking Neural Networks at Scale",
      "     Ada Lovelace, Alan Turing · arXiv 2401.12345 · 0 votes",
      "     We train spiking networks with surrogate gradients.",
      "     https://arxiv.org/abs/2401.12345",
    ]);
  });
});

describe("keeping outside text from controlling the terminal", () => {
  it("removes escape sequences' control characters and newlines from outside text", () => {
    expect(cleanText("a\u001b[2Jb\u009bc\u0007d\r\ne\u0000f\u007f")).toBe("a [2Jb c d e f");
  });

  it("renders a hostile paper with no control character anywhere", () => {
    const hostile = paper({
      title: "Evil\u001b[2J <!channel> @here\u001b]0;pwned\u0007",
      abstract: "line one\nline two\u001b[31m red",
      authors: ["Eve\u001b[1m"],
      categories: ["cs.\u001bCR"],
      url: "https://arxiv.org/abs/2401.12345\u001b[0m",
    });
    const outputs = [
      renderReply({ kind: "papers", heading: "Results\u001b[H", papers: [view(hostile, 0, "snip\u001b[K")], empty: "" }),
      renderReply({ kind: "paper", paper: view(hostile) }),
      renderReply({ kind: "text", text: "done\u001b[2J" }),
      renderReply(errorReply("bad-id", '"\u001b[2J" is not an arXiv id.', "/papers show 2401.12345")),
      renderDigestRoot({ localDate: "2026-11-27", title: "Trending\u001b[2J", paperCount: 1 }),
      renderDigestEntry({ position: 1, paper: hostile, votes: 0 }),
    ];
    for (const output of outputs) expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(outputs[1]).toContain("Evil [2J <!channel> @here ]0;pwned");
  });
});
