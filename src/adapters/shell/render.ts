/**
 * Replies and digests as terminal text. Outside text is stripped of control
 * characters first, so a hostile title cannot move the cursor, recolour the
 * terminal or fake a prompt.
 */
import type { Reply } from "../../commands/reply.js";
import type { DigestEntry, DigestHeader } from "../../core/ports.js";
import type { Paper, PaperView } from "../../core/types.js";

// C0 and C1 controls and DEL: escape sequences start with one of these.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;

export function cleanText(text: string): string {
  return text.replace(CONTROL, " ").replace(/\s+/g, " ").trim();
}

function trimTo(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function authorsLine(paper: Paper, max = 4): string {
  const names = paper.authors.map(cleanText);
  if (names.length === 0) return "";
  return names.length > max ? `${names.slice(0, max).join(", ")} et al.` : names.join(", ");
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

export function renderPaperLines(number: number, paper: Paper, votes: number, excerpt?: string): string[] {
  const meta = [authorsLine(paper), paper.id.startsWith("pb-") ? "" : `arXiv ${paper.id}`, plural(votes, "vote")]
    .filter(Boolean)
    .join(" · ");
  const lines = [` [${number}] ${trimTo(cleanText(paper.title), 200)}`, `     ${meta}`];
  if (excerpt) lines.push(`     ${trimTo(cleanText(excerpt), 240)}`);
  if (paper.url) lines.push(`     ${cleanText(paper.url)}`);
  return lines;
}

function viewLines(view: PaperView, number: number): string[] {
  return renderPaperLines(number, view.paper, view.votes, view.snippet ?? view.paper.abstract);
}

export function renderReply(reply: Reply): string {
  switch (reply.kind) {
    case "papers":
      if (reply.papers.length === 0) return cleanText(reply.empty);
      return [cleanText(reply.heading), ...reply.papers.flatMap((view, i) => viewLines(view, i + 1)), "Vote with +1 <number>."].join("\n");
    case "paper": {
      const { paper, votes } = reply.paper;
      const lines = [
        cleanText(paper.title),
        authorsLine(paper, 50),
        [paper.id.startsWith("pb-") ? paper.id : `arXiv ${paper.id}`, paper.categories.map(cleanText).join(" "), plural(votes, "vote")]
          .filter(Boolean)
          .join(" · "),
        "",
        cleanText(paper.abstract),
      ];
      if (paper.url) lines.push("", cleanText(paper.url));
      return lines.filter((line, i) => line !== "" || i > 2).join("\n");
    }
    case "text":
      return cleanText(reply.text);
    case "help":
      return [
        "paperboy: trending papers, searched and voted on by your team.",
        ...reply.sections.map((section) => `  ${section.usage.padEnd(44)} ${section.summary}\n      e.g. ${section.examples.join("   ")}`),
        `  ${"+1 <number>  /  -1 <number>".padEnd(44)} Vote for (or take back a vote for) a paper just listed`,
        `  ${"quit".padEnd(44)} Leave (Ctrl-D works too)`,
      ].join("\n");
    case "error":
      return cleanText(`${reply.message}${reply.example ? ` Try: ${reply.example}` : ""}`);
  }
}

export function renderDigestRoot(header: DigestHeader): string {
  return `── ${cleanText(header.title)} ── ${plural(header.paperCount, "paper")}. Vote with +1 <number>.`;
}

export function renderDigestEntry(entry: DigestEntry): string {
  return renderPaperLines(entry.position, entry.paper, entry.votes, entry.paper.abstract).join("\n");
}
