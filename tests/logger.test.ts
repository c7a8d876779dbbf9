/**
 * Secrets never reach a log line: tokens that look like Slack's or Discord's,
 * passwords in database URLs, and every secret the configuration names are
 * masked wherever they appear, in the message or in a field.
 */
import { describe, expect, it } from "vitest";
import { createLogger, redactSecrets } from "../src/logger.js";

function capture(options: { level?: "debug" | "info" | "warn" | "error"; secrets?: string[] } = {}) {
  const lines: string[] = [];
  const log = createLogger({ level: options.level ?? "info", secrets: options.secrets, write: (line) => lines.push(line) });
  return { log, lines };
}

const SLACK_BOT = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx";
const SLACK_APP = "xapp-1-A0123456789-1234567890123-abcdef0123456789";
const DISCORD = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB";

describe("masking secrets", () => {
  it("masks Slack bot and app tokens", () => {
    const text = redactSecrets(`token ${SLACK_BOT} and ${SLACK_APP} here`);
    expect(text).not.toContain("AbCdEfGhIjKlMnOpQrStUvWx");
    expect(text).not.toContain("abcdef0123456789");
    expect(text).toContain("token");
    expect(text).toContain("here");
  });

  it("masks a Discord bot token", () => {
    const text = redactSecrets(`login with ${DISCORD} failed`);
    expect(text).not.toContain(DISCORD);
    expect(text).not.toContain("abcdefghijklmnopqrstuvwxyz0123456789AB");
    expect(text).toBe("login with *** failed");
  });

  it("masks the password in a database URL and keeps the rest", () => {
    expect(redactSecrets("connect postgres://u:secret@h:5432/db failed")).toBe("connect postgres://u:***@h:5432/db failed");
    expect(redactSecrets("postgresql://paperboy:p4ss-w0rd@db.internal/paperboy")).not.toContain("p4ss-w0rd");
    expect(redactSecrets("postgres://paperboy@db/x?sslmode=require&password=p4ss-w0rd failed")).toBe(
      "postgres://paperboy@db/x?sslmode=require&password=*** failed",
    );
  });

  it("masks bearer and bot authorization headers", () => {
    expect(redactSecrets("Authorization: Bearer abcdefghijklmnop")).not.toContain("abcdefghijklmnop");
    expect(redactSecrets("Authorization: Bot abcdefghijklmnop.qrs")).not.toContain("abcdefghijklmnop");
  });

  it("masks secrets it is told about, whatever they look like", () => {
    expect(redactSecrets("signing with 8f14e45fceea167a5a36dedd4bea2543 now", ["8f14e45fceea167a5a36dedd4bea2543"])).toBe(
      "signing with *** now",
    );
  });

  it("leaves ordinary text alone", () => {
    const text = "posted 5 papers to #papers (2401.12345, hep-th/9901001) at 09:00 Europe/Berlin";
    expect(redactSecrets(text)).toBe(text);
  });
});

describe("the logger", () => {
  it("writes one line per event with level and message", () => {
    const { log, lines } = capture();
    log.info("digest posted", { channel: "C1", papers: 5 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/INFO\s+digest posted channel="C1" papers=5$/);
  });

  it("masks secrets in messages and in fields, errors included", () => {
    const configured = "signing-secret-0123456789";
    const { log, lines } = capture({ secrets: [configured] });
    log.error(`auth failed for ${SLACK_BOT}`, {
      url: "postgres://paperboy:hunter2-db@db:5432/x",
      error: new Error(`Discord said no to ${DISCORD}`, { cause: new Error(`with ${configured}`) }),
      header: `Bearer ${SLACK_BOT}`,
    });
    const line = lines.join("\n");
    for (const secret of ["AbCdEfGhIjKlMnOpQrStUvWx", "hunter2-db", "abcdefghijklmnopqrstuvwxyz0123456789AB", configured]) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain("auth failed");
    expect(line).toContain("Discord said no");
  });

  it("drops events below its level", () => {
    const { log, lines } = capture({ level: "warn" });
    log.info("quiet");
    log.warn("loud");
    log.error("louder");
    expect(lines.map((line) => line.replace(/^\S+ /, ""))).toEqual([expect.stringMatching(/^WARN\s+loud$/), expect.stringMatching(/^ERROR\s+louder$/)]);
  });
});
