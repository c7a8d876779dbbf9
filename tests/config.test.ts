/**
 * Configuration mistakes stop the start with the name of the variable to
 * fix, and the one view of the config that gets logged holds no secret.
 */
import { describe, expect, it } from "vitest";
import { ConfigError, describeConfig, loadConfig } from "../src/config.js";

function problemWith(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe("loading the configuration", () => {
  it("runs with no environment at all: the terminal chat on an embedded database with the sample corpus", () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe("./.data");
    expect(config.sampleCorpus).toBe(true);
    expect(config.slack).toBeUndefined();
    expect(config.discord).toBeUndefined();
    expect(config.trending).toEqual({ sourceWeight: 0.2, gravity: 1.8 });
    expect(config.digest).toMatchObject({ defaultTime: "09:00", defaultTimezone: "UTC", defaultSize: 5 });
    expect(config.secrets).toEqual([]);
  });

  it("reads the values it is given", () => {
    const config = loadConfig({
      DATA_DIR: "/tmp/pb",
      DIGEST_TIME: "08:30",
      DIGEST_TIMEZONE: "Europe/Berlin",
      DIGEST_SIZE: "7",
      TRENDING_GRAVITY: "1.5",
      SAMPLE_CORPUS: "off",
      HF_API_URL: "http://127.0.0.1:9999/",
    });
    expect(config.dataDir).toBe("/tmp/pb");
    expect(config.digest).toMatchObject({ defaultTime: "08:30", defaultTimezone: "Europe/Berlin", defaultSize: 7 });
    expect(config.trending.gravity).toBe(1.5);
    expect(config.sampleCorpus).toBe(false);
    expect(config.hfApiUrl).toBe("http://127.0.0.1:9999");
  });

  it.each([
    ["DIGEST_TIME", "25:00"],
    ["DIGEST_TIME", "nine"],
    ["DIGEST_TIMEZONE", "Mars/Base"],
    ["DIGEST_SIZE", "0"],
    ["DIGEST_SIZE", "many"],
    ["DIGEST_SIZE", "2.5"],
    ["DIGEST_SIZE", "21"],
    ["DIGEST_WINDOW_HOURS", "-1"],
    ["TRENDING_GRAVITY", "steep"],
    ["TRENDING_SOURCE_WEIGHT", "-0.5"],
    ["ARXIV_DELAY_MS", "soon"],
    ["SAMPLE_CORPUS", "maybe"],
    ["SCHEDULE", "sometimes"],
    ["DIGEST_ANNOUNCE_NOTHING_NEW", "perhaps"],
    ["HF_API_URL", "not a url"],
    ["ARXIV_API_URL", "export.arxiv"],
    ["LOG_LEVEL", "loud"],
  ])("names %s when it is %j", (name, value) => {
    const message = problemWith({ [name]: value });
    expect(message).toContain(name);
    expect(message).toContain(value);
  });

  it("takes the default zone from TZ when it is an IANA zone, and ignores a TZ it cannot use", () => {
    expect(loadConfig({ TZ: "Europe/Berlin" }).digest.defaultTimezone).toBe("Europe/Berlin");
    // Values the system itself puts in TZ: paperboy must still start, in UTC.
    expect(loadConfig({ TZ: ":/etc/localtime" }).digest.defaultTimezone).toBe("UTC");
    expect(loadConfig({ TZ: "EST5EDT" }).digest.defaultTimezone).toBe("UTC");
    expect(loadConfig({ TZ: "Europe/Berlin", DIGEST_TIMEZONE: "Asia/Tokyo" }).digest.defaultTimezone).toBe("Asia/Tokyo");
  });

  it("names the Slack port and API URL when they are wrong", () => {
    const slack = { SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_SIGNING_SECRET: "0123456789abcdef0123456789abcdef" };
    expect(problemWith({ ...slack, PORT: "http" })).toContain("PORT");
    expect(problemWith({ ...slack, PORT: "70000" })).toContain("PORT");
    expect(problemWith({ ...slack, SLACK_API_URL: "nowhere" })).toContain("SLACK_API_URL");
  });

  it("names the Discord API URL when it is wrong", () => {
    expect(problemWith({ DISCORD_TOKEN: "abc.def.ghi", DISCORD_API_URL: "::" })).toContain("DISCORD_API_URL");
  });

  it("asks for SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) when only the bot token is set", () => {
    const message = problemWith({ SLACK_BOT_TOKEN: "xoxb-123-456-abcdef" });
    expect(message).toContain("SLACK_SIGNING_SECRET");
    expect(message).toContain("SLACK_APP_TOKEN");
    expect(message).not.toContain("xoxb-123-456-abcdef");
  });

  it("asks for SLACK_BOT_TOKEN when only the secret is set", () => {
    expect(problemWith({ SLACK_SIGNING_SECRET: "0123456789abcdef0123456789abcdef" })).toContain("SLACK_BOT_TOKEN");
  });

  it("collects every secret it was given, so the logger can mask them", () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: "xoxb-111-222-slacktoken",
      SLACK_SIGNING_SECRET: "signing-secret-0123456789",
      SLACK_APP_TOKEN: "xapp-1-A111-222-apptoken",
      DISCORD_TOKEN: "discord.token.value-xyz",
      DATABASE_URL: "postgres://paperboy:dbpassword-42@db.example:5432/paperboy",
    });
    expect(config.secrets).toEqual(
      expect.arrayContaining([
        "xoxb-111-222-slacktoken",
        "signing-secret-0123456789",
        "xapp-1-A111-222-apptoken",
        "discord.token.value-xyz",
      ]),
    );
    expect(config.secrets.join(" ")).toContain("dbpassword-42");
  });
});

describe("the config as it is logged", () => {
  it("never shows a token, a signing secret or a database password", () => {
    const secrets = {
      SLACK_BOT_TOKEN: "xoxb-111-222-slacktoken",
      SLACK_SIGNING_SECRET: "signing-secret-0123456789",
      DISCORD_TOKEN: "discord.token.value-xyz",
      DATABASE_URL: "postgres://paperboy:dbpassword-42@db.example:5432/paperboy",
    };
    for (const env of [secrets, { ...secrets, SLACK_SIGNING_SECRET: "", SLACK_APP_TOKEN: "xapp-1-A111-222-apptoken" }]) {
      const shown = JSON.stringify(describeConfig(loadConfig(env)));
      for (const secret of ["xoxb-111-222-slacktoken", "signing-secret-0123456789", "xapp-1-A111-222-apptoken", "discord.token.value-xyz", "dbpassword-42"]) {
        expect(shown).not.toContain(secret);
      }
      // It still says what is running.
      expect(shown).toContain("db.example");
      expect(shown).toMatch(/slack/);
    }
  });

  it("hides a database password given as a URL parameter too", () => {
    const shown = JSON.stringify(describeConfig(loadConfig({ DATABASE_URL: "postgres://paperboy@db.example/paperboy?sslmode=require&password=hunter22-db" })));
    expect(shown).not.toContain("hunter22-db");
    expect(shown).toContain("sslmode=require");
  });

  it("says the embedded database and its folder when there is no DATABASE_URL", () => {
    expect(JSON.stringify(describeConfig(loadConfig({ DATA_DIR: "/srv/pb" })))).toContain("/srv/pb");
  });
});
