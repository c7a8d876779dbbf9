/**
 * The `/papers` language, declared once as data. The text parser, the help
 * text and Discord's slash-command options are all generated from this list,
 * so a subcommand cannot exist on one platform and not another.
 */

export type ArgumentType = "string" | "choice";

export interface ArgumentDeclaration {
  readonly name: string;
  readonly description: string;
  readonly type: ArgumentType;
  readonly required: boolean;
  readonly choices?: readonly string[];
  /** Discord offers completions while the user types. */
  readonly autocomplete?: boolean;
  readonly maxLength?: number;
}

export interface CommandDeclaration {
  readonly name: CommandName;
  readonly usage: string;
  readonly summary: string;
  readonly examples: readonly string[];
  readonly arguments: readonly ArgumentDeclaration[];
  /** Changes channel settings or posts to the channel: limited to admins where the platform has them. */
  readonly admin: boolean;
}

export type CommandName = "search" | "top" | "show" | "subscribe" | "unsubscribe" | "digest" | "help";

export const MAX_QUERY_LENGTH = 300;

export const COMMANDS: readonly CommandDeclaration[] = [
  {
    name: "search",
    usage: "/papers <query>",
    summary: "Search papers; filters: since:7d, author:name",
    examples: ["/papers spiking neural networks", "/papers diffusion since:7d", "/papers author:hinton"],
    arguments: [
      {
        name: "query",
        description: "What to look for (filters: since:7d, author:name)",
        type: "string",
        required: true,
        autocomplete: true,
        maxLength: MAX_QUERY_LENGTH,
      },
    ],
    admin: false,
  },
  {
    name: "top",
    usage: "/papers top [day|week|month]",
    summary: "What is trending now, by team votes and source upvotes",
    examples: ["/papers top", "/papers top week"],
    arguments: [
      {
        name: "period",
        description: "How far back to look (default: week)",
        type: "choice",
        required: false,
        choices: ["day", "week", "month"],
      },
    ],
    admin: false,
  },
  {
    name: "show",
    usage: "/papers show <arxiv id>",
    summary: "One paper in full",
    examples: ["/papers show 2401.12345"],
    arguments: [{ name: "id", description: "arXiv id, e.g. 2401.12345", type: "string", required: true, maxLength: 100 }],
    admin: false,
  },
  {
    name: "subscribe",
    usage: "/papers subscribe [time HH:MM] [timezone Area/City] [size N] [topics word ...]",
    summary: "Post the daily digest in this channel",
    examples: ["/papers subscribe", "/papers subscribe time 08:30 timezone Europe/Berlin topics llm, agents"],
    arguments: [
      { name: "time", description: "Local time of the daily post, HH:MM (default 09:00)", type: "string", required: false, maxLength: 5 },
      { name: "timezone", description: "IANA time zone, e.g. Europe/Berlin", type: "string", required: false, maxLength: 64 },
      { name: "size", description: "Papers per digest, 1 to 10 (default 5)", type: "string", required: false, maxLength: 2 },
      { name: "topics", description: "Only papers about these words, comma-separated", type: "string", required: false, maxLength: 200 },
    ],
    admin: true,
  },
  {
    name: "unsubscribe",
    usage: "/papers unsubscribe",
    summary: "Stop the daily digest in this channel",
    examples: ["/papers unsubscribe"],
    arguments: [],
    admin: true,
  },
  {
    name: "digest",
    usage: "/papers digest",
    summary: "Post today's digest in this channel now",
    examples: ["/papers digest"],
    arguments: [],
    admin: true,
  },
  {
    name: "help",
    usage: "/papers help",
    summary: "Every command with an example",
    examples: ["/papers help"],
    arguments: [],
    admin: false,
  },
];

export function declarationOf(name: CommandName): CommandDeclaration {
  const found = COMMANDS.find((command) => command.name === name);
  if (!found) throw new Error(`no declaration for ${name}`);
  return found;
}
