/**
 * The process's log: one line per event on stderr (stdout belongs to the
 * shell adapter's conversation), with anything that looks like a secret
 * masked before it is written.
 */
import type { Logger } from "./core/ports.js";

export type LogLevel = "debug" | "info" | "warn" | "error";
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Slack tokens, Discord bot tokens, bearer headers and passwords inside URLs.
const SECRET_PATTERNS: RegExp[] = [
  /\bxox[abposr]-[A-Za-z0-9-]+/g,
  /\bxapp-[A-Za-z0-9-]+/g,
  /\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}\b/g,
  /(Bearer|Bot)\s+[A-Za-z0-9._-]{10,}/gi,
  /(\/\/[^/\s:@]+:)[^@\s/]+@/g,
  /([?&](?:ssl)?password=)[^&\s"]+/gi,
];

export function redactSecrets(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of extraSecrets) if (secret.length >= 6) out = out.split(secret).join("***");
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, prefix: string | undefined) => {
      if (typeof prefix !== "string" || !match.startsWith(prefix)) return "***";
      if (prefix.startsWith("//")) return `${prefix}***@`;
      // `?password=`: keep the parameter's name so the line still says what was hidden.
      return /^[?&]/.test(prefix) ? `${prefix}***` : "***";
    });
  }
  return out;
}

function describe(value: unknown): unknown {
  if (value instanceof Error) {
    const cause = value.cause instanceof Error ? ` (cause: ${value.cause.message})` : "";
    return `${value.name}: ${value.message}${cause}`;
  }
  return value;
}

export function createLogger(options: {
  level: LogLevel;
  write?: (line: string) => void;
  /** Configured secrets, masked wherever they appear. */
  secrets?: readonly string[];
}): Logger & { level: LogLevel } {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secrets = options.secrets ?? [];
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < RANK[options.level]) return;
    const parts = fields
      ? Object.entries(fields)
          .filter(([, value]) => value !== undefined)
          .map(([key, value]) => {
            const shown = describe(value);
            return `${key}=${typeof shown === "string" ? JSON.stringify(shown) : JSON.stringify(shown)}`;
          })
      : [];
    const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}${parts.length ? ` ${parts.join(" ")}` : ""}`;
    write(redactSecrets(line, secrets));
  };
  return {
    level: options.level,
    info: (message, fields) => emit("info", message, fields),
    warn: (message, fields) => emit("warn", message, fields),
    error: (message, fields) => emit("error", message, fields),
  };
}
