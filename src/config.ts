/**
 * Configuration, read from the environment once and validated here; nothing
 * else reads `process.env`. A mistake names the variable to fix. Secrets are
 * kept out of `describeConfig`, the only view of the config that is logged.
 */
import cron from "node-cron";
import type { CoreConfig } from "./core/paperboy.js";
import { DEFAULT_TRENDING } from "./core/trending.js";

export interface SlackConfig {
  botToken: string;
  /** HTTP mode. */
  signingSecret?: string | undefined;
  /** Socket Mode (`xapp-…`). */
  appToken?: string | undefined;
  port: number;
  apiUrl?: string | undefined;
  /** Slack user ids allowed to change channel settings; empty means everyone. */
  admins: string[];
  voteEmoji: string[];
}

export interface DiscordConfig {
  token: string;
  applicationId?: string | undefined;
  apiUrl?: string | undefined;
  guildId?: string | undefined;
  voteEmoji: string[];
}

export interface Config {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** Load the bundled sample corpus when the database holds no papers. */
  sampleCorpus: boolean;
  hfApiUrl: string;
  arxivApiUrl: string;
  /** Milliseconds between arXiv API requests (3 s is arXiv's own rule). */
  arxivDelayMs: number;
  arxivCategories: string[];
  trending: CoreConfig["trending"];
  digest: CoreConfig["digest"];
  schedule: {
    enabled: boolean;
    /** node-cron expression for the paper ingest. */
    ingestCron: string;
  };
  slack?: SlackConfig | undefined;
  discord?: DiscordConfig | undefined;
  /** Who is typing in the terminal chat (the login name). */
  shellUser: string;
  /** Every configured secret, so the logger can mask it wherever it appears. */
  secrets: string[];
  /** Unset: `info` for a bot, `error` in the terminal chat, where the conversation is the point. */
  logLevel?: "debug" | "info" | "warn" | "error" | undefined;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

const DEFAULT_SLACK_EMOJI = ["+1", "arrow_up", "fire", "heart", "rocket"];
const DEFAULT_DISCORD_EMOJI = ["👍", "⬆️", "🔥", "❤️", "🚀"];

export function loadConfig(env: Env = process.env): Config {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const number = (name: string, fallback: number, min = 0): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min) {
      throw new ConfigError(`${name} must be a number ≥ ${min}, got "${raw}"`);
    }
    return value;
  };
  // Counts and ports must be whole numbers in range: 2.5 or 21 papers fail at the first channel insert (the schema allows 1 to 20), port 70000 at listen().
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = read(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (["1", "true", "yes", "on"].includes(raw)) return true;
    if (["0", "false", "no", "off"].includes(raw)) return false;
    throw new ConfigError(`${name} must be true or false, got "${raw}"`);
  };
  const list = (name: string, fallback: string[]): string[] => {
    const raw = read(name);
    if (raw === undefined) return fallback;
    return raw.split(",").map((item) => item.trim()).filter(Boolean);
  };
  const url = (name: string, fallback?: string): string | undefined => {
    const raw = read(name) ?? fallback;
    if (raw === undefined) return undefined;
    try {
      new URL(raw);
    } catch {
      throw new ConfigError(`${name} must be a URL, got "${raw}"`);
    }
    return raw.replace(/\/+$/, "");
  };

  const defaultTime = read("DIGEST_TIME") ?? "09:00";
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(defaultTime)) {
    throw new ConfigError(`DIGEST_TIME must be HH:MM (24-hour), got "${defaultTime}"`);
  }
  // TZ is the system's variable and often holds what is no IANA zone (":/etc/localtime", "EST5EDT"):
  // it only supplies a default, and a value paperboy cannot use must not stop the start.
  const systemZone = read("TZ");
  const defaultTimezone = read("DIGEST_TIMEZONE") ?? (systemZone && isTimezone(systemZone) ? systemZone : "UTC");
  if (!isTimezone(defaultTimezone)) {
    throw new ConfigError(`DIGEST_TIMEZONE must be an IANA zone such as Europe/Berlin, got "${defaultTimezone}"`);
  }

  const slackToken = read("SLACK_BOT_TOKEN");
  let slack: SlackConfig | undefined;
  if (slackToken) {
    const signingSecret = read("SLACK_SIGNING_SECRET");
    const appToken = read("SLACK_APP_TOKEN");
    if (!signingSecret && !appToken) {
      throw new ConfigError(
        "SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is",
      );
    }
    slack = {
      botToken: slackToken,
      signingSecret,
      appToken,
      port: integer("PORT", 3000, 0, 65535),
      apiUrl: url("SLACK_API_URL"),
      admins: list("SLACK_ADMINS", []),
      voteEmoji: list("SLACK_VOTE_EMOJI", DEFAULT_SLACK_EMOJI).map((name) => name.replace(/^:|:$/g, "")),
    };
  } else if (read("SLACK_SIGNING_SECRET") || read("SLACK_APP_TOKEN")) {
    throw new ConfigError("SLACK_BOT_TOKEN is missing: set it to the app's Bot User OAuth Token (xoxb-…)");
  }

  const discordToken = read("DISCORD_TOKEN");
  const discord: DiscordConfig | undefined = discordToken
    ? {
        token: discordToken,
        applicationId: read("DISCORD_APPLICATION_ID"),
        apiUrl: url("DISCORD_API_URL"),
        guildId: read("DISCORD_GUILD_ID"),
        voteEmoji: list("DISCORD_VOTE_EMOJI", DEFAULT_DISCORD_EMOJI),
      }
    : undefined;

  const logLevel = read("LOG_LEVEL");
  if (logLevel !== undefined && !["debug", "info", "warn", "error"].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be debug, info, warn or error, got "${logLevel}"`);
  }

  return {
    databaseUrl: read("DATABASE_URL"),
    dataDir: read("DATA_DIR") ?? "./.data",
    sampleCorpus: flag("SAMPLE_CORPUS", true),
    hfApiUrl: url("HF_API_URL", "https://huggingface.co") as string,
    arxivApiUrl: url("ARXIV_API_URL", "https://export.arxiv.org") as string,
    arxivDelayMs: number("ARXIV_DELAY_MS", 3000),
    arxivCategories: list("ARXIV_CATEGORIES", []),
    trending: {
      sourceWeight: number("TRENDING_SOURCE_WEIGHT", DEFAULT_TRENDING.sourceWeight),
      gravity: number("TRENDING_GRAVITY", DEFAULT_TRENDING.gravity),
    },
    digest: {
      defaultTime,
      defaultTimezone,
      defaultSize: integer("DIGEST_SIZE", 5, 1, 20),
      windowHours: number("DIGEST_WINDOW_HOURS", 72, 1),
      announceNothingNew: flag("DIGEST_ANNOUNCE_NOTHING_NEW", true),
    },
    schedule: {
      enabled: flag("SCHEDULE", true),
      ingestCron: cronExpression("INGEST_CRON", read("INGEST_CRON") ?? "5 * * * *"),
    },
    slack,
    discord,
    logLevel: logLevel as Config["logLevel"],
    shellUser: read("USER") ?? read("USERNAME") ?? "you",
    secrets: [slackToken, read("SLACK_SIGNING_SECRET"), read("SLACK_APP_TOKEN"), discordToken, read("DATABASE_URL")].filter(
      (value): value is string => value !== undefined,
    ),
  };
}

function cronExpression(name: string, expression: string): string {
  if (!cron.validate(expression)) {
    throw new ConfigError(`${name} must be a cron expression such as "5 * * * *" (hourly at :05), got "${expression}"`);
  }
  return expression;
}

export function isTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.includes("/") || zone.toUpperCase() === "UTC";
  } catch {
    return false;
  }
}

/** The config as it may be logged: which parts are on, never a token or a password. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    database: config.databaseUrl ? `postgres (${redactUrl(config.databaseUrl)})` : `embedded (${config.dataDir})`,
    slack: config.slack ? (config.slack.appToken ? "socket mode" : `http :${config.slack.port}`) : "off",
    discord: config.discord ? "on" : "off",
    schedule: config.schedule.enabled ? `ingest "${config.schedule.ingestCron}"` : "off",
  };
}

export function redactUrl(raw: string): string {
  try {
    const parsed = new URL(raw);
    if (parsed.password) parsed.password = "***";
    // libpq also takes the password (and key material) as a parameter: `?password=…`.
    for (const key of [...parsed.searchParams.keys()]) {
      if (/pass|secret|token|key/i.test(key)) parsed.searchParams.set(key, "***");
    }
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
