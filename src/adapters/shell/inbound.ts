/**
 * What a line typed into the shell means: a `/papers` command, a vote on a
 * listed paper (`+1 2`, `/vote 2`), taking one back (`-1 2`, `/unvote 2`),
 * or leaving.
 */

export type ShellInput =
  | { kind: "command"; text: string }
  | { kind: "vote"; number: number }
  | { kind: "unvote"; number: number }
  | { kind: "quit" }
  | { kind: "empty" }
  | { kind: "unknown"; text: string };

export function parseShellLine(line: string): ShellInput {
  const text = line.trim();
  if (!text) return { kind: "empty" };
  const lower = text.toLowerCase();
  if (["quit", "exit", "/quit", "/exit"].includes(lower)) return { kind: "quit" };
  if (lower === "help" || lower === "/help") return { kind: "command", text: "help" };
  const command = /^\/?papers\b\s*(.*)$/is.exec(text);
  if (command) return { kind: "command", text: command[1] ?? "" };
  const vote = /^(?:\+1|\/vote|\/upvote)\s+#?(\d{1,3})$/i.exec(text);
  if (vote) return { kind: "vote", number: Number(vote[1]) };
  const unvote = /^(?:-1|\/unvote)\s+#?(\d{1,3})$/i.exec(text);
  if (unvote) return { kind: "unvote", number: Number(unvote[1]) };
  return { kind: "unknown", text };
}
