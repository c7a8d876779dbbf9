/**
 * What a command answers, as data. Each chat adapter renders a Reply in its
 * own idiom (Block Kit, embeds, plain text); a command never formats for a
 * platform.
 */
import type { PaperView } from "../core/types.js";

export type UserErrorCode =
  | "unknown-subcommand"
  | "empty-query"
  | "query-too-long"
  | "bad-time"
  | "bad-timezone"
  | "bad-size"
  | "bad-period"
  | "bad-id"
  | "not-found"
  | "not-allowed"
  | "bad-filter"
  | "unavailable";

export type Reply =
  /** A ranked list: search results or what is trending. */
  | { kind: "papers"; heading: string; papers: PaperView[]; empty: string }
  /** One paper in full (`/papers show`). */
  | { kind: "paper"; paper: PaperView }
  /** A plain confirmation or notice. */
  | { kind: "text"; text: string }
  | { kind: "help"; sections: HelpSection[] }
  /** A user mistake: what was wrong, and an example that works. */
  | { kind: "error"; code: UserErrorCode; message: string; example?: string | undefined };

export interface HelpSection {
  usage: string;
  summary: string;
  examples: string[];
}

export function errorReply(code: UserErrorCode, message: string, example?: string): Reply {
  return { kind: "error", code, message, example };
}
