/**
 * Block Kit from paperboy's neutral values: command replies, digest threads and
 * single paper messages, each with a plain-text fallback for notifications.
 * Pure functions, so the escaping and Slack's limits are tested exactly.
 *
 * Every piece of outside text (titles, authors, abstracts, anything a user
 * typed) goes through `escapeMrkdwn`, and mrkdwn objects are sent `verbatim`,
 * so nothing from a paper can turn into `<!channel>`, `<!here>` or `<@U…>`.
 */
import type { types } from "@slack/bolt";
import type { Reply } from "../../commands/reply.js";
import type { DigestHeader } from "../../core/ports.js";
import type { Paper } from "../../core/types.js";
import { arxivAbsUrl, isArxivId } from "../../core/paper-id.js";

export type SlackBlock = types.KnownBlock;

/** What `chat.postMessage`, `chat.update` and `respond()` take: blocks plus the fallback text. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Slack's limits (Block Kit reference: 50 blocks a message, 3000 characters a section text). */
export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
export const MAX_FALLBACK_TEXT = 3000;
const MAX_BUTTON_VALUE = 2000;
const MAX_HEADER_TEXT = 150;
const MAX_TITLE = 300;
const MAX_AUTHORS_LINE = 300;
const LIST_ABSTRACT = 300;
const AUTHORS_SHOWN = 5;

export const UPVOTE_ACTION = "paperboy.upvote";
export const SHARE_ACTION = "paperboy.share";

/** What a button carries back to us. */
export interface ActionValue {
  paper: string;
  /** The `/papers` text of an ephemeral answer, so it can be redrawn after a vote. */
  command?: string | undefined;
}

export interface RenderOptions {
  /** The `/papers` text this reply answers; lets an Upvote click redraw the list with new counts. */
  command?: string | undefined;
  /** Offer "Share in channel" beside each paper (answers only the asker sees). */
  share?: boolean | undefined;
}

/**
 * Slack's three control characters, so outside text never becomes a mention,
 * link or command; and a zero-width space after each formatting mark, so a
 * title like "A* search" or "~2× faster" cannot open bold or strike-through
 * that runs on into the rest of the message.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([*_~`])/g, "$1\u200B");
}

/**
 * A URL that is safe inside `<url|label>`: http(s) only, and none of the
 * characters that end or split Slack's link syntax. Undefined when unusable.
 */
export function safeLinkUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return undefined;
  return parsed.href
    .replace(/\|/g, "%7C")
    .replace(/</g, "%3C")
    .replace(/>/g, "%3E")
    .replace(/\s/g, "%20")
    .replace(/&/g, "&amp;");
}

const WEB_URL = /https?:\/\/[^\s<>|"]+[^\s<>|".,;:!?)\]]/g;

/**
 * Escapes text and turns the web addresses in it into links (verbatim text is
 * not auto-linked by Slack). Only http(s) URLs that pass `safeLinkUrl` become
 * links; everything else stays literal.
 */
export function escapeLinkified(raw: string, max: number): string {
  const text = trimText(raw, max);
  let out = "";
  let last = 0;
  for (const match of text.matchAll(WEB_URL)) {
    const url = safeLinkUrl(match[0]);
    if (!url) continue;
    out += `${escapeMrkdwn(text.slice(last, match.index))}<${url}>`;
    last = match.index + match[0].length;
  }
  out += escapeMrkdwn(text.slice(last));
  return out.length <= max ? out : escapeWithin(raw, max);
}

/** Collapses whitespace and cuts at a word boundary with an ellipsis; counts characters, not bytes. */
export function trimText(raw: string, max: number): string {
  const text = raw.replace(/\s+/g, " ").trim();
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 1) return "…".slice(0, max);
  const cut = chars.slice(0, max - 1).join("");
  const space = cut.lastIndexOf(" ");
  // Back off to a word boundary unless that would drop a long word's worth of text.
  const base = space > 0 && cut.length - space <= 30 ? cut.slice(0, space) : cut;
  return `${base.trimEnd()}…`;
}

/** Escapes `raw` and trims it so the escaped form fits in `max` characters. */
export function escapeWithin(raw: string, max: number): string {
  const escaped = escapeMrkdwn(trimText(raw, max));
  if (escaped.length <= max) return escaped;
  // Escaping grew the text (each & < > becomes an entity): trim the raw text until it fits.
  let budget = max;
  let candidate = escaped;
  while (candidate.length > max && budget > 0) {
    budget -= Math.max(1, Math.ceil((candidate.length - max) / 4));
    candidate = escapeMrkdwn(trimText(raw, budget));
  }
  return candidate.length <= max ? candidate : "";
}

function mrkdwn(text: string): { type: "mrkdwn"; text: string; verbatim: true } {
  // Slack refuses an empty text object.
  return { type: "mrkdwn", text: clampSection(text.trim() ? text : "_(nothing to show)_"), verbatim: true };
}

/** A last guard: never send a section Slack would refuse, and never cut an entity or link in half. */
function clampSection(text: string): string {
  if (text.length <= MAX_SECTION_TEXT) return text;
  let cut = text.slice(0, MAX_SECTION_TEXT - 1);
  const amp = cut.lastIndexOf("&");
  if (amp > cut.length - 5 && !cut.slice(amp).includes(";")) cut = cut.slice(0, amp);
  const open = cut.lastIndexOf("<");
  if (open > cut.lastIndexOf(">")) cut = cut.slice(0, open);
  return `${cut}…`;
}

function section(text: string, blockId?: string): SlackBlock {
  return { type: "section", ...(blockId ? { block_id: blockId } : {}), text: mrkdwn(text) };
}

function context(text: string): SlackBlock {
  return { type: "context", elements: [mrkdwn(text)] };
}

function plainText(text: string, max: number): { type: "plain_text"; text: string; emoji: true } {
  return { type: "plain_text", text: trimText(text, max), emoji: true };
}

export function encodeActionValue(value: ActionValue): string {
  const command = value.command === undefined ? undefined : value.command.slice(0, 1500);
  const encoded = JSON.stringify(command === undefined ? { paper: value.paper } : { paper: value.paper, command });
  return encoded.length <= MAX_BUTTON_VALUE ? encoded : JSON.stringify({ paper: value.paper });
}

export function votesLabel(votes: number): string {
  return `${votes} ${votes === 1 ? "vote" : "votes"}`;
}

/** The link a title points at: the paper's own URL when it is a safe web link, else its arXiv page. */
export function paperUrl(paper: Pick<Paper, "id" | "url">): string | undefined {
  return safeLinkUrl(paper.url) ?? (isArxivId(paper.id) ? safeLinkUrl(arxivAbsUrl(paper.id)) : undefined);
}

function titleLink(paper: Pick<Paper, "id" | "url" | "title">): string {
  const title = escapeWithin(paper.title, MAX_TITLE) || "(untitled)";
  const url = paperUrl(paper);
  return url ? `*<${url}|${title}>*` : `*${title}*`;
}

function authorsLine(paper: Pick<Paper, "id" | "authors">): string {
  const shown = paper.authors.slice(0, AUTHORS_SHOWN).join(", ");
  const more = paper.authors.length > AUTHORS_SHOWN ? ` +${paper.authors.length - AUTHORS_SHOWN} more` : "";
  const authors = shown ? escapeWithin(`${shown}${more}`, MAX_AUTHORS_LINE) : "";
  const id = isArxivId(paper.id) ? `arXiv ${escapeMrkdwn(paper.id)}` : "";
  return [authors, id].filter(Boolean).join(" · ");
}

/** One paper as a section: linked title, authors, an abstract cut to fit, and its votes. */
export function paperSectionText(
  paper: Pick<Paper, "id" | "url" | "title" | "authors" | "abstract">,
  votes: number,
  options: { abstractLength?: number; snippet?: string | undefined } = {},
): string {
  const head = [titleLink(paper), authorsLine(paper)].filter(Boolean).join("\n");
  const tail = `:arrow_up: ${votesLabel(votes)}`;
  const room = MAX_SECTION_TEXT - head.length - tail.length - 2;
  const wanted = Math.min(options.abstractLength ?? LIST_ABSTRACT, room);
  const abstract = wanted > 0 ? escapeWithin(options.snippet ?? paper.abstract, wanted) : "";
  return [head, abstract, tail].filter(Boolean).join("\n");
}

function paperActions(paperId: string, options: RenderOptions): SlackBlock {
  const elements: types.Button[] = [
    {
      type: "button",
      action_id: UPVOTE_ACTION,
      text: plainText(":arrow_up: Upvote", 75),
      value: encodeActionValue({ paper: paperId, command: options.command }),
    },
  ];
  if (options.share) {
    elements.push({
      type: "button",
      action_id: SHARE_ACTION,
      text: plainText("Share in channel", 75),
      value: encodeActionValue({ paper: paperId }),
    });
  }
  // block_id must be unique within a message: the paper id is, and stays under 255 characters.
  return { type: "actions", block_id: `paper:${paperId}`.slice(0, 255), elements };
}

function fallback(lines: string[]): string {
  const text = lines.filter((line) => line.trim()).join("\n") || "paperboy";
  return text.length <= MAX_FALLBACK_TEXT ? text : `${text.slice(0, MAX_FALLBACK_TEXT - 1)}…`;
}

/** Most papers a list can show and stay within 50 blocks: heading, 2 blocks each, a closing note. */
export const MAX_LISTED_PAPERS = Math.floor((MAX_BLOCKS - 2) / 2);

/** A command's Reply as a Slack message. */
export function replyToBlocks(reply: Reply, options: RenderOptions = {}): SlackMessage {
  switch (reply.kind) {
    case "papers": {
      const heading = `*${escapeWithin(reply.heading, 500)}*`;
      if (reply.papers.length === 0) {
        const empty = escapeWithin(reply.empty, 2000);
        return { text: fallback([escapeWithin(reply.heading, 500), empty]), blocks: [section(heading), section(empty)] };
      }
      const shown = reply.papers.slice(0, MAX_LISTED_PAPERS);
      const blocks: SlackBlock[] = [section(heading)];
      for (const view of shown) {
        blocks.push(section(paperSectionText(view.paper, view.votes, { snippet: view.snippet })));
        blocks.push(paperActions(view.paper.id, options));
      }
      const hidden = reply.papers.length - shown.length;
      if (hidden > 0) blocks.push(context(`…and ${hidden} more. Narrow the search to see them.`));
      const lines = shown.map(
        (view, index) => `${index + 1}. ${escapeWithin(view.paper.title, MAX_TITLE)} (${votesLabel(view.votes)})`,
      );
      return { text: fallback([escapeWithin(reply.heading, 500), ...lines]), blocks };
    }
    case "paper": {
      const { paper, votes } = reply.paper;
      const details = [
        paper.categories.length ? escapeWithin(paper.categories.join(", "), 300) : "",
        paper.publishedAt ? `published ${paper.publishedAt.toISOString().slice(0, 10)}` : "",
      ]
        .filter(Boolean)
        .join(" · ");
      const blocks: SlackBlock[] = [
        section(paperSectionText(paper, votes, { abstractLength: MAX_SECTION_TEXT })),
        ...(details ? [context(details)] : []),
        paperActions(paper.id, options),
      ];
      return { text: fallback([`${escapeWithin(paper.title, MAX_TITLE)} (${votesLabel(votes)})`]), blocks };
    }
    case "text": {
      const text = escapeLinkified(reply.text, MAX_SECTION_TEXT);
      return { text: fallback([text]), blocks: [section(text)] };
    }
    case "help": {
      const blocks: SlackBlock[] = [section("*paperboy* finds and ranks research papers. Commands:")];
      for (const help of reply.sections.slice(0, MAX_BLOCKS - 1)) {
        const examples = help.examples.map((example) => `\`${escapeMrkdwn(example)}\``).join("  ");
        blocks.push(section(`\`${escapeMrkdwn(help.usage)}\`\n${escapeMrkdwn(help.summary)}${examples ? `\n${examples}` : ""}`));
      }
      const lines = reply.sections.map((help) => `${escapeMrkdwn(help.usage)}: ${escapeMrkdwn(help.summary)}`);
      return { text: fallback(["paperboy commands:", ...lines]), blocks };
    }
    case "error": {
      const message = `:warning: ${escapeLinkified(reply.message, 2000)}`;
      const example = reply.example ? `Try: \`${escapeWithin(reply.example, 500)}\`` : "";
      const text = [message, example].filter(Boolean).join("\n");
      return { text: fallback([text]), blocks: [section(text)] };
    }
  }
}

/** `:+1:`, `:arrow_up:` … for the configured vote emoji; names are reduced to the characters Slack uses. */
export function emojiList(names: readonly string[]): string {
  return names
    .map((name) => name.replace(/[^a-z0-9_+-]/gi, ""))
    .filter(Boolean)
    .map((name) => `:${name}:`)
    .join(" ");
}

/** The message that opens a digest thread. */
export function digestRootMessage(header: DigestHeader, voteEmoji: readonly string[]): SlackMessage {
  const emoji = emojiList(voteEmoji);
  const howToVote = emoji
    ? `React with ${emoji} on a paper in this thread, or press its Upvote button, to vote. Votes decide what trends.`
    : `Press a paper's Upvote button in this thread to vote. Votes decide what trends.`;
  const count = `${header.paperCount} ${header.paperCount === 1 ? "paper" : "papers"} in the thread`;
  return {
    text: fallback([`${escapeWithin(header.title, MAX_HEADER_TEXT)}: ${count}.`]),
    blocks: [
      { type: "header", text: plainText(header.title, MAX_HEADER_TEXT) },
      context(`${count}. ${howToVote}`),
    ],
  };
}

/** One paper on its own (a digest entry, a shared result): section and Upvote button. */
export function paperMessage(paper: Pick<Paper, "id" | "url" | "title" | "authors" | "abstract">, votes: number): SlackMessage {
  return {
    text: fallback([`${escapeWithin(paper.title, MAX_TITLE)} (${votesLabel(votes)})`]),
    blocks: [section(paperSectionText(paper, votes)), paperActions(paper.id, {})],
  };
}

export function noticeMessage(text: string): SlackMessage {
  const escaped = escapeWithin(text, MAX_SECTION_TEXT);
  return { text: fallback([escaped]), blocks: [section(escaped)] };
}
