/**
 * Text and typed options into a `Command`. Both paths share the same
 * validators, so `/papers subscribe time 25:00` in Slack and the `time`
 * option in Discord fail with the same message. A mistake comes back as an
 * error Reply with what was wrong and an example that works.
 */
import { isTimezone } from "../config.js";
import { normaliseArxivId } from "../core/paper-id.js";
import { parseSearchQuery } from "../core/search/index.js";
import type { TopPeriod } from "../core/types.js";
import type { ChannelChanges } from "../core/api.js";
import type { Command, ParseResult } from "./command.js";
import { COMMANDS, type CommandName, MAX_QUERY_LENGTH } from "./declarations.js";
import { errorReply } from "./reply.js";

/** Longer text is refused before it is even split into words. */
const MAX_TEXT_LENGTH = 1000;
const MAX_DIGEST_SIZE = 10;
const PERIODS: readonly TopPeriod[] = ["day", "week", "month"];

type Checked<T> = { ok: true; value: T } | { ok: false; reply: ParseResult & { ok: false } };

const fail = (...args: Parameters<typeof errorReply>): { ok: false; reply: ParseResult & { ok: false } } => ({
  ok: false,
  reply: { ok: false, reply: errorReply(...args) },
});

export function checkSearch(text: string, now: Date): ParseResult {
  const trimmed = text.trim();
  if (trimmed.length > MAX_QUERY_LENGTH) {
    return fail(
      "query-too-long",
      `That query is ${trimmed.length} characters; keep it under ${MAX_QUERY_LENGTH}.`,
      "/papers spiking neural networks",
    ).reply;
  }
  const parsed = parseSearchQuery(trimmed, now);
  if (!parsed.ok) {
    // The search parser's example is a bare filter with alternatives; the user needs a whole command that works as typed.
    const { message, example } = parsed.problem;
    const filter = example.split(/\s+/)[0] ?? "since:7d";
    return { ok: false, reply: errorReply("bad-filter", `${message} Use ${example}.`, `/papers diffusion ${filter}`) };
  }
  const { query } = parsed;
  if (!query.text.trim() && !query.filters.author && !query.filters.since) {
    return fail("empty-query", "Tell me what to look for.", "/papers diffusion models").reply;
  }
  return { ok: true, command: { name: "search", query, text: trimmed } };
}

export function checkPeriod(raw: string | undefined): Checked<TopPeriod> {
  if (raw === undefined || raw.trim() === "") return { ok: true, value: "week" };
  const period = raw.trim().toLowerCase();
  if ((PERIODS as readonly string[]).includes(period)) return { ok: true, value: period as TopPeriod };
  return fail("bad-period", `"${raw.trim()}" is not a period: use day, week or month.`, "/papers top week");
}

export function checkPaperId(raw: string | undefined): Checked<string> {
  const text = raw?.trim() ?? "";
  if (!text) return fail("bad-id", "Which paper? Give its arXiv id.", "/papers show 2401.12345");
  const arxiv = normaliseArxivId(text);
  if (arxiv) return { ok: true, value: arxiv };
  // Papers without an arXiv id have content ids, shown in their details.
  if (/^pb-[0-9a-f]{16}$/.test(text)) return { ok: true, value: text };
  return fail("bad-id", `"${text.slice(0, 60)}" is not an arXiv id.`, "/papers show 2401.12345");
}

export function checkTime(raw: string): Checked<string> {
  const match = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/.exec(raw.trim());
  if (!match) return fail("bad-time", `"${raw.trim().slice(0, 20)}" is not a time: use HH:MM, 24-hour.`, "/papers subscribe time 08:30");
  return { ok: true, value: `${match[1]?.padStart(2, "0")}:${match[2]}` };
}

export function checkTimezone(raw: string): Checked<string> {
  const text = raw.trim();
  if (isTimezone(text)) return { ok: true, value: spellTimezone(text) };
  return fail(
    "bad-timezone",
    `"${text.slice(0, 40)}" is not a time zone I know: use an IANA name.`,
    "/papers subscribe timezone Europe/Berlin",
  );
}

/** "europe/berlin" → "Europe/Berlin", but the name the user chose stays their name. */
function spellTimezone(text: string): string {
  if (text.toUpperCase() === "UTC") return "UTC";
  const resolved = new Intl.DateTimeFormat("en-US", { timeZone: text }).resolvedOptions().timeZone;
  if (resolved.toLowerCase() === text.toLowerCase()) return resolved;
  // ICU answers some current names with their old links (Asia/Kolkata → Asia/Calcutta, Europe/Kyiv →
  // Europe/Kiev); a user who typed Europe/Kyiv must not be told their zone is Europe/Kiev.
  if (text !== text.toLowerCase()) return text;
  return text
    .split("/")
    .map((part) => part.split("_").map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join("_"))
    .join("/");
}

export function checkSize(raw: string): Checked<number> {
  const size = Number(raw.trim());
  if (Number.isInteger(size) && size >= 1 && size <= MAX_DIGEST_SIZE) return { ok: true, value: size };
  return fail("bad-size", `A digest holds 1 to ${MAX_DIGEST_SIZE} papers, not "${raw.trim().slice(0, 20)}".`, "/papers subscribe size 5");
}

/** "llm, agents" or "llm agents"; "none" clears the topics. */
export function parseTopics(raw: string): string[] {
  const text = raw.trim().toLowerCase();
  if (["none", "all", "clear", "-"].includes(text)) return [];
  const parts = text.includes(",") ? text.split(",") : text.split(/\s+/);
  return [...new Set(parts.map((part) => part.trim()).filter(Boolean))].slice(0, 20).map((topic) => topic.slice(0, 50));
}

export function checkSubscribeOptions(options: {
  time?: string | undefined;
  timezone?: string | undefined;
  size?: string | undefined;
  topics?: string | undefined;
}): ParseResult {
  const changes: ChannelChanges = {};
  if (options.time !== undefined && options.time.trim()) {
    const time = checkTime(options.time);
    if (!time.ok) return time.reply;
    changes.digestTime = time.value;
  }
  if (options.timezone !== undefined && options.timezone.trim()) {
    const zone = checkTimezone(options.timezone);
    if (!zone.ok) return zone.reply;
    changes.timezone = zone.value;
  }
  if (options.size !== undefined && options.size.trim()) {
    const size = checkSize(options.size);
    if (!size.ok) return size.reply;
    changes.digestSize = size.value;
  }
  if (options.topics !== undefined && options.topics.trim()) changes.topics = parseTopics(options.topics);
  return { ok: true, command: { name: "subscribe", changes } };
}

const SUBSCRIBE_KEYWORDS: Record<string, "time" | "timezone" | "size" | "topics"> = {
  time: "time",
  at: "time",
  timezone: "timezone",
  tz: "timezone",
  in: "timezone",
  size: "size",
  topics: "topics",
  topic: "topics",
  about: "topics",
};

const ENDS_TOPICS = new Set(["time", "timezone", "tz", "size"]);

const MISSING_VALUE: Record<"time" | "timezone" | "size", { code: "bad-time" | "bad-timezone" | "bad-size"; example: string }> = {
  time: { code: "bad-time", example: "/papers subscribe time 08:30" },
  timezone: { code: "bad-timezone", example: "/papers subscribe timezone Europe/Berlin" },
  size: { code: "bad-size", example: "/papers subscribe size 5" },
};

/** `time 08:30 timezone Europe/Berlin size 5 topics llm, agents`; a bare `08:30` or `Europe/Berlin` works too. */
function parseSubscribeWords(words: readonly string[]): ParseResult {
  const options: Record<string, string> = {};
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as string;
    const keyword = SUBSCRIBE_KEYWORDS[word.toLowerCase()];
    if (keyword === "topics") {
      // Topics run to the end, or to a setting written after them ("topics llm time 08:00"); words
      // like "in" or "about" stay topics there.
      let end = i + 1;
      while (end < words.length && !ENDS_TOPICS.has((words[end] as string).toLowerCase())) end += 1;
      options.topics = words.slice(i + 1, end).join(" ");
      i = end - 1;
      continue;
    }
    if (keyword) {
      const value = words[i + 1];
      if (value === undefined) {
        // The code names the setting that lacks its value, so `subscribe size` is not reported as a bad time.
        const missing = MISSING_VALUE[keyword];
        return fail(missing.code, `"${word}" needs a value after it.`, missing.example).reply;
      }
      options[keyword] = value;
      i += 1;
    } else if (/^\d{1,2}[:.h]\d{2}$/.test(word)) {
      options.time = word;
    } else if (word.includes("/") || word.toUpperCase() === "UTC") {
      options.timezone = word;
    } else {
      return fail(
        "unknown-subcommand",
        `I don't understand "${word.slice(0, 40)}" here.`,
        "/papers subscribe time 08:30 timezone Europe/Berlin topics llm, agents",
      ).reply;
    }
  }
  return checkSubscribeOptions(options);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] as number;
      row[j] = Math.min(above + 1, (row[j - 1] as number) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] as number;
}

/**
 * A first word that is almost a subcommand that changes things ("subscibe",
 * "digets") is a typo, not a search: running it as a search would quietly do
 * nothing the user asked for. Only the long subcommand names count, and
 * "digest" only as the whole text, so real searches ("self attention",
 * "shadow removal", "diet") stay searches.
 */
function nearSubcommand(word: string, wholeText: boolean): CommandName | undefined {
  const near = (name: CommandName, distance: number) => word !== name && editDistance(word, name) <= distance;
  if (word.length >= 7 && near("unsubscribe", 2)) return "unsubscribe";
  if (word.length >= 7 && near("subscribe", 2)) return "subscribe";
  if (wholeText && word.length >= 5 && near("digest", 2)) return "digest";
  return undefined;
}

/** Parses the text after `/papers`. */
export function parseCommandText(text: string, now: Date = new Date()): ParseResult {
  if (text.length > MAX_TEXT_LENGTH) {
    return fail(
      "query-too-long",
      `That is ${text.length} characters; keep a query under ${MAX_QUERY_LENGTH}.`,
      "/papers spiking neural networks",
    ).reply;
  }
  const words = text.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.toLowerCase();
  const rest = words.slice(1);
  if (first === undefined) return { ok: true, command: { name: "help" } };

  switch (first) {
    case "help":
      return { ok: true, command: { name: "help" } };
    case "search":
      return checkSearch(rest.join(" "), now);
    case "top": {
      if (rest.length > 1) return fail("bad-period", "top takes one period: day, week or month.", "/papers top week").reply;
      const period = checkPeriod(rest[0]);
      return period.ok ? { ok: true, command: { name: "top", period: period.value } } : period.reply;
    }
    case "show": {
      const id = checkPaperId(rest.join(" "));
      return id.ok ? { ok: true, command: { name: "show", id: id.value } } : id.reply;
    }
    case "subscribe":
      return parseSubscribeWords(rest);
    case "unsubscribe":
      return { ok: true, command: { name: "unsubscribe" } };
    case "digest":
      return { ok: true, command: { name: "digest" } };
  }

  const typo = nearSubcommand(first, rest.length === 0);
  if (typo) {
    const example = COMMANDS.find((command) => command.name === typo)?.examples[0];
    return fail("unknown-subcommand", `There is no "${first.slice(0, 30)}" command. Did you mean ${typo}?`, example).reply;
  }
  return checkSearch(text, now);
}

/** Builds a command from typed options (Discord's slash-command options). */
export function commandFromOptions(
  subcommand: CommandName | string,
  options: Record<string, string | undefined>,
  now: Date = new Date(),
): ParseResult {
  switch (subcommand) {
    case "search":
      return checkSearch(options.query ?? "", now);
    case "top": {
      const period = checkPeriod(options.period);
      return period.ok ? { ok: true, command: { name: "top", period: period.value } } : period.reply;
    }
    case "show": {
      const id = checkPaperId(options.id);
      return id.ok ? { ok: true, command: { name: "show", id: id.value } } : id.reply;
    }
    case "subscribe":
      return checkSubscribeOptions(options);
    case "unsubscribe":
    case "digest":
    case "help":
      return { ok: true, command: { name: subcommand } satisfies Command };
    default:
      return fail("unknown-subcommand", `There is no "${String(subcommand).slice(0, 30)}" command.`, "/papers help").reply;
  }
}
