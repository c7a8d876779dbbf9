/**
 * Pure rendering of paperboy's neutral values (Reply, digest header and
 * entries) into Discord message payloads: embeds, buttons, and
 * `allowedMentions: { parse: [] }` on every message. Paper text comes from
 * outside, so it is escaped (markdown and mentions) before it reaches an
 * embed, and every length is cut to Discord's limits here, where a test can
 * check it with exact expectations.
 */
import { ButtonStyle, ComponentType, escapeMarkdown } from "discord.js";
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from "discord.js";
import { COMMANDS, type CommandDeclaration } from "../../commands/declarations.js";
import type { Reply } from "../../commands/reply.js";
import { arxivAbsUrl, isArxivId } from "../../core/paper-id.js";
import type { DigestEntry, DigestHeader } from "../../core/ports.js";
import type { Paper, PaperView } from "../../core/types.js";

/** Discord's documented message limits. */
export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFooter: 2048,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedsTotal: 6000,
  buttonLabel: 80,
  customId: 100,
  rows: 5,
  buttonsPerRow: 5,
  threadName: 100,
  autocompleteName: 100,
  autocompleteChoices: 25,
} as const;

export const BRAND_COLOR = 0xb31b1b;
const ZERO_WIDTH_SPACE = "\u200b";
/** Abstract excerpt length in lists; shrinks when ten embeds would pass 6000 characters. */
const LIST_ABSTRACT_LENGTHS = [350, 200, 100, 0] as const;
const DIGEST_ABSTRACT_LENGTH = 600;

export type ButtonRow = APIActionRowComponent<APIButtonComponent>;

/** A message body as discord.js' `send`, `reply`, `editReply` and `update` accept it. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  allowedMentions: { parse: [] };
}

/**
 * Makes mentions inert: `@everyone`, `@here`, `<@123>`, `<@!123>`, `<#123>`,
 * `<@&123>` get a zero-width space so they show as text and never ping, even
 * where allowed mentions are not honoured (embeds never ping, content might).
 */
export function neutraliseMentions(text: string): string {
  return neutralisePings(text).replace(/<#(\d+)>/g, `<${ZERO_WIDTH_SPACE}#$1>`);
}

/**
 * For paperboy's own sentences (which may quote a user's query or topics):
 * everything that could ping is made inert, while channel links, which never
 * ping, keep working ("I can't start threads in #papers").
 */
export function neutralisePings(text: string): string {
  return text
    .replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(/<(@[!&]?)(\d+)>/g, `<${ZERO_WIDTH_SPACE}$1$2>`);
}

/** Text from a paper (title, authors, abstract): markdown shown literally, mentions inert. */
export function escapeText(text: string): string {
  return neutraliseMentions(escapeMarkdownFully(text));
}

/** Escapes, then cuts to `max`; cutting first keeps escaping cheap on 9000-character abstracts. */
function escapeAndCut(text: string, max: number): string {
  return truncate(escapeText(truncate(text, max)), max);
}

function escapeMarkdownFully(text: string): string {
  const escaped = escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
  return escaped.replace(/^>/gm, "\\>");
}

/** Cuts to at most `max` characters (code points never split), ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (max <= 0) return "";
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  let cut = chars.slice(0, max - 1).join("");
  // An escape backslash at the cut would escape the ellipsis instead of the character it was for.
  cut = cut.replace(/\\+$/, (slashes) => (slashes.length % 2 === 0 ? slashes : slashes.slice(1)));
  return `${cut.trimEnd()}…`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function paperUrl(paper: Paper): string | undefined {
  for (const candidate of [paper.url, isArxivId(paper.id) ? arxivAbsUrl(paper.id) : undefined]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate);
      if (url.protocol === "https:" || url.protocol === "http:") return url.toString();
    } catch {
      // not a link Discord would accept; try the next one
    }
  }
  return undefined;
}

function formatAuthors(authors: string[], max = 6): string {
  if (authors.length === 0) return "";
  const shown = authors.slice(0, max).map(oneLine).join(", ");
  return authors.length > max ? `${shown} et al.` : shown;
}

function votesLabel(votes: number): string {
  return votes === 1 ? "1 vote" : `${votes} votes`;
}

/** The footer carries the paper id last, so a vote can find and refresh it later. */
function paperFooter(paper: Paper, votes: number): string {
  return `▲ ${votesLabel(votes)} · ${paper.id}`;
}

/** One paper as an embed: linked title, authors, an excerpt of the abstract, votes. */
export function paperEmbed(view: PaperView, options: { position?: number; abstractLength: number }): APIEmbed {
  const { paper } = view;
  const prefix = options.position !== undefined ? `${options.position}. ` : "";
  const title = truncate(prefix + escapeAndCut(oneLine(paper.title), LIMITS.embedTitle), LIMITS.embedTitle);
  const authors = formatAuthors(paper.authors);
  const excerpt = oneLine(view.snippet ?? paper.abstract);
  const lines: string[] = [];
  if (authors) lines.push(`*${escapeAndCut(authors, 300)}*`);
  if (options.abstractLength > 0 && excerpt) lines.push(escapeAndCut(excerpt, options.abstractLength));
  const embed: APIEmbed = {
    title,
    color: BRAND_COLOR,
    footer: { text: truncate(paperFooter(paper, view.votes), LIMITS.embedFooter) },
  };
  const url = paperUrl(paper);
  if (url) embed.url = url;
  const description = truncate(lines.join("\n"), LIMITS.embedDescription);
  if (description) embed.description = description;
  return embed;
}

/** Characters Discord counts towards the 6000 limit: titles, descriptions, fields, footers, authors. */
export function embedLength(embed: APIEmbed): number {
  const count = (text: string | undefined): number => (text ? Array.from(text).length : 0);
  return (
    count(embed.title) +
    count(embed.description) +
    count(embed.footer?.text) +
    count(embed.author?.name) +
    (embed.fields ?? []).reduce((sum, field) => sum + count(field.name) + count(field.value), 0)
  );
}

export function upvoteButton(paperId: string, votes: number, position?: number): APIButtonComponent {
  const label = position !== undefined ? `▲ #${position} · ${votes}` : `▲ Upvote · ${votes}`;
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Primary,
    label: truncate(label, LIMITS.buttonLabel),
    custom_id: truncate(`upvote:${paperId}`, LIMITS.customId),
  };
}

export function shareButton(paperId: string, position?: number): APIButtonComponent {
  return {
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label: position !== undefined ? `Share #${position}` : "Share in channel",
    custom_id: truncate(`share:${paperId}`, LIMITS.customId),
  };
}

function rowsOf(buttons: APIButtonComponent[], perRow: number): ButtonRow[] {
  const rows: ButtonRow[] = [];
  for (let index = 0; index < buttons.length && rows.length < LIMITS.rows; index += perRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(index, index + perRow) });
  }
  return rows;
}

function message(content: string | undefined, embeds: APIEmbed[] = [], components: ButtonRow[] = []): DiscordMessage {
  const body: DiscordMessage = { embeds, components, allowedMentions: { parse: [] } };
  if (content !== undefined) body.content = truncate(content, LIMITS.content);
  return body;
}

/**
 * A ranked list as up to ten embeds, with an Upvote and a Share button per
 * paper (two papers a row, so ten papers fill the five rows Discord allows).
 * Excerpts shrink until the embeds fit in 6000 characters together.
 */
export function renderPaperList(heading: string, papers: PaperView[], options: { share: boolean }): DiscordMessage {
  const shown = papers.slice(0, LIMITS.embedsPerMessage);
  let embeds: APIEmbed[] = [];
  for (const abstractLength of LIST_ABSTRACT_LENGTHS) {
    embeds = shown.map((view, index) => paperEmbed(view, { position: index + 1, abstractLength }));
    if (embeds.reduce((sum, embed) => sum + embedLength(embed), 0) <= LIMITS.embedsTotal) break;
  }
  while (embeds.length > 1 && embeds.reduce((sum, embed) => sum + embedLength(embed), 0) > LIMITS.embedsTotal) {
    embeds = embeds.slice(0, -1);
  }
  const buttons = embeds.flatMap((_, index) => {
    const view = shown[index] as PaperView;
    const upvote = upvoteButton(view.paper.id, view.votes, index + 1);
    return options.share ? [upvote, shareButton(view.paper.id, index + 1)] : [upvote];
  });
  return message(`**${escapeText(oneLine(heading))}**`, embeds, rowsOf(buttons, options.share ? 4 : 5));
}

/** `/papers show`: the whole abstract, authors and categories. */
export function renderPaper(view: PaperView, options: { share: boolean }): DiscordMessage {
  const embed = paperEmbed(view, { abstractLength: LIMITS.embedDescription });
  const { paper } = view;
  const fields: NonNullable<APIEmbed["fields"]> = [];
  if (paper.authors.length > 6) {
    fields.push({ name: "Authors", value: escapeAndCut(paper.authors.map(oneLine).join(", "), LIMITS.embedFieldValue) });
  }
  if (paper.categories.length > 0) {
    fields.push({ name: "Categories", value: escapeAndCut(paper.categories.join(", "), LIMITS.embedFieldValue), inline: true });
  }
  if (paper.publishedAt) {
    fields.push({ name: "Published", value: paper.publishedAt.toISOString().slice(0, 10), inline: true });
  }
  if (fields.length > 0) embed.fields = fields;
  const overflow = embedLength(embed) - LIMITS.embedsTotal;
  if (overflow > 0 && embed.description) {
    embed.description = truncate(embed.description, Array.from(embed.description).length - overflow);
  }
  const buttons = [upvoteButton(paper.id, view.votes)];
  if (options.share) buttons.push(shareButton(paper.id));
  return message(undefined, [embed], rowsOf(buttons, 5));
}

/** The slash-command form of a declaration: `/papers top [period:day|week|month]`. */
export function slashUsage(declaration: CommandDeclaration): string {
  const args = declaration.arguments.map((argument) => {
    const value = argument.choices ? argument.choices.join("|") : `<${argument.name}>`;
    return argument.required ? `${argument.name}:${value}` : `[${argument.name}:${value}]`;
  });
  return ["/papers", declaration.name, ...args].join(" ");
}

/**
 * Rewrites a text-form example (`/papers subscribe time 08:30 topics llm`)
 * in slash-command form (`/papers subscribe time:08:30 topics:llm`), so help
 * and error hints show what a Discord user can actually type.
 */
export function toSlashSyntax(example: string): string {
  const words = example.replace(/^\/papers\b/, "").trim().split(/\s+/).filter(Boolean);
  const named = COMMANDS.find((command) => command.name === words[0] && command.name !== "search");
  const declaration = named ?? COMMANDS.find((command) => command.name === "search");
  if (!declaration) return example;
  const rest = named ? words.slice(1) : words;
  const values = new Map<string, string[]>();
  let current = declaration.arguments[0]?.name;
  for (const word of rest) {
    if (declaration.arguments.some((argument) => argument.name === word)) {
      current = word;
      values.set(word, []);
    } else if (current) {
      values.set(current, [...(values.get(current) ?? []), word]);
    }
  }
  const options = [...values].filter(([, parts]) => parts.length > 0).map(([name, parts]) => `${name}:${parts.join(" ")}`);
  return ["/papers", declaration.name, ...options].join(" ");
}

function renderHelp(): DiscordMessage {
  const lines = COMMANDS.map((command) => {
    const example = command.examples[1] ?? command.examples[0];
    const hint = example && example !== `/papers ${command.name}` ? `\n  e.g. \`${toSlashSyntax(example)}\`` : "";
    const admin = command.admin ? " (Manage Channels)" : "";
    return `\`${slashUsage(command)}\`: ${command.summary}${admin}${hint}`;
  });
  const embed: APIEmbed = {
    title: "paperboy",
    color: BRAND_COLOR,
    description: truncate(
      `${lines.join("\n")}\n\nReact to a paper in a digest thread with a vote emoji, or press its ▲ button, to upvote it.`,
      LIMITS.embedDescription,
    ),
  };
  return message(undefined, [embed]);
}

/** Any Reply from the command layer, as the interaction's answer. */
export function renderReply(reply: Reply, options: { share?: boolean } = {}): DiscordMessage {
  const share = options.share ?? true;
  switch (reply.kind) {
    case "papers":
      return reply.papers.length === 0
        ? message(neutralisePings(reply.empty))
        : renderPaperList(reply.heading, reply.papers, { share });
    case "paper":
      return renderPaper(reply.paper, { share });
    case "text":
      // Command text is ours and may use markdown; parts of it (topics, queries) came from a user.
      return message(neutralisePings(reply.text));
    case "help":
      return renderHelp();
    case "error": {
      const example = reply.example ? `\nTry: \`${toSlashSyntax(reply.example)}\`` : "";
      return message(neutralisePings(`⚠️ ${reply.message}${example}`));
    }
  }
}

/** The digest's root message: what it is and how to vote; the papers follow in its thread. */
export function renderDigestRoot(header: DigestHeader, voteEmoji: readonly string[]): DiscordMessage {
  const hint = voteEmoji.join(" ");
  const count = header.paperCount === 1 ? "1 paper" : `${header.paperCount} papers`;
  return message(
    `📰 **${escapeText(header.title)}**\n${count} in the thread below. React with ${hint} on a paper, or press its ▲ button, to upvote it.`,
  );
}

export function digestThreadName(header: DigestHeader): string {
  return truncate(oneLine(header.title), LIMITS.threadName);
}

/** One paper in the digest thread: its embed and an Upvote button showing the count. */
export function renderDigestEntry(entry: DigestEntry): DiscordMessage {
  const view: PaperView = { paper: entry.paper, votes: entry.votes, score: 0 };
  const embed = paperEmbed(view, { position: entry.position, abstractLength: DIGEST_ABSTRACT_LENGTH });
  return message(undefined, [embed], rowsOf([upvoteButton(entry.paper.id, entry.votes)], 5));
}

/** A search result someone shared into the channel: public, with its Upvote button. */
export function renderSharedPaper(view: PaperView, sharedBy: string): DiscordMessage {
  const embed = paperEmbed(view, { abstractLength: DIGEST_ABSTRACT_LENGTH });
  // A user mention renders as their name; allowedMentions keeps it from pinging.
  return message(`📎 Shared by <@${sharedBy}>`, [embed], rowsOf([upvoteButton(view.paper.id, view.votes)], 5));
}

/**
 * The same message with a paper's vote count refreshed, in its Upvote button
 * and its embed footer: what `interaction.update` sends after a click.
 */
export function withVoteCount(
  current: { embeds: APIEmbed[]; components: ButtonRow[] },
  paperId: string,
  votes: number,
): { embeds: APIEmbed[]; components: ButtonRow[]; allowedMentions: { parse: [] } } {
  const embeds = current.embeds.map((embed) =>
    embed.footer?.text.endsWith(` · ${paperId}`)
      ? { ...embed, footer: { ...embed.footer, text: `▲ ${votesLabel(votes)} · ${paperId}` } }
      : embed,
  );
  const components = current.components.map((row) => ({
    ...row,
    components: row.components.map((button) => {
      if (!("custom_id" in button) || button.custom_id !== `upvote:${paperId}`) return button;
      const label = (button.label ?? "").replace(/· \d+$/, `· ${votes}`);
      return { ...button, label };
    }),
  }));
  return { embeds, components, allowedMentions: { parse: [] } };
}

/** Autocomplete choices for `query`: titles as names (≤100 characters), the title as the value typed. */
export function renderTitleChoices(titles: Array<{ id: string; title: string }>): Array<{ name: string; value: string }> {
  return titles.slice(0, LIMITS.autocompleteChoices).map(({ title }) => {
    const text = oneLine(title);
    return { name: truncate(text, LIMITS.autocompleteName), value: truncate(text, LIMITS.autocompleteName) };
  });
}
