/**
 * A restart keeps what the team did: papers, votes, subscriptions and the
 * day's digest survive closing and reopening the embedded database in its
 * data folder, and the sample corpus arrives only in an empty one.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenedCore, openCore } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { parseSearchQuery } from "../../src/core/search/index.js";
import { createRecordingChat } from "../support/recording-chat.js";
import { createTestClock, createTestLogger, listSource } from "../support/test-app.js";

const SAMPLE_PAPERS = 157;
const team = { platform: "shell" as const, workspace: "local" };
const channel = { ...team, channel: "terminal" };

describe("restarting on the embedded database", () => {
  let dataDir: string;
  const clock = createTestClock("2026-11-27T10:00:00Z");
  const opened: OpenedCore[] = [];

  async function open(env: Record<string, string> = {}) {
    const log = createTestLogger();
    const core = await openCore(loadConfig({ DATA_DIR: dataDir, ...env }), { clock, log });
    opened.push(core);
    return { ...core, log };
  }

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "paperboy-restart-"));
  });
  afterAll(async () => {
    for (const core of opened) await core.database.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps papers, votes, the subscription and today's digest across a restart, and loads the sample corpus once", { timeout: 120_000 }, async () => {
    const first = await open();
    expect(first.papers).toBe(SAMPLE_PAPERS);
    expect(first.log.lines.some((line) => /sample corpus/.test(line.message))).toBe(true);

    const report = await first.paperboy.ingest(
      listSource([{ id: "2411.50001", title: "Persistence of Quokka Memories", abstract: "A paper ingested before the restart.", source: "arxiv" }]),
    );
    expect(report.inserted).toBe(1);
    await first.paperboy.vote({ ...team, user: "ada", paperId: "2411.50001", emoji: "+1" });
    await first.paperboy.vote({ ...team, user: "alan", paperId: "2411.50001", emoji: "+1" });
    await first.paperboy.subscribe(channel, { digestTime: "08:30", timezone: "Europe/Berlin", topics: ["quokka"] });
    const chat = createRecordingChat("shell");
    const posted = await first.paperboy.postDigest(channel, chat);
    expect(posted.status).toBe("posted");
    await first.database.close();

    const second = await open();
    expect(second.papers).toBe(SAMPLE_PAPERS + 1);
    expect(second.log.lines.some((line) => /sample corpus/.test(line.message))).toBe(false);
    expect(await second.paperboy.voteCount("2411.50001", team)).toBe(2);
    expect(await second.paperboy.getChannel(channel)).toEqual({
      ...channel,
      digestTime: "08:30",
      timezone: "Europe/Berlin",
      digestSize: 5,
      topics: ["quokka"],
      enabled: true,
    });
    // The index is rebuilt from the store: the new paper is found by its words.
    const query = parseSearchQuery("quokka memories", clock.now());
    if (!query.ok) throw new Error("query did not parse");
    const hits = await second.paperboy.searchPapers(query.query, team);
    expect(hits[0]).toMatchObject({ paper: { id: "2411.50001" }, votes: 2 });
    // Today's digest is remembered: nothing is posted twice.
    expect((await second.paperboy.postDigest(channel, chat)).status).toBe("already-posted");
    expect(chat.roots()).toHaveLength(1);
    await second.database.close();
  });

  it("refuses to open a data folder another paperboy is using, and opens it once that one has closed", { timeout: 120_000 }, async () => {
    const sharedDir = mkdtempSync(join(tmpdir(), "paperboy-shared-"));
    try {
      const config = loadConfig({ DATA_DIR: sharedDir });
      const first = await openCore(config, { clock, log: createTestLogger() });
      opened.push(first);
      // Two processes on one PGlite folder overwrite each other's writes; the second must not start.
      const refusal = await openCore(config, { clock, log: createTestLogger() }).then(
        (core) => {
          opened.push(core);
          return "opened";
        },
        (error: unknown) => (error as Error).message,
      );
      expect(refusal).toContain(sharedDir);
      expect(refusal).toMatch(/in use/);
      expect(refusal).toContain("DATABASE_URL");
      await first.database.close();

      const again = await openCore(config, { clock, log: createTestLogger() });
      opened.push(again);
      expect(again.papers).toBe(SAMPLE_PAPERS);
      await again.database.close();
    } finally {
      rmSync(sharedDir, { recursive: true, force: true });
    }
  });

  it("takes over a lock left by a paperboy that is gone", { timeout: 120_000 }, async () => {
    const staleDir = mkdtempSync(join(tmpdir(), "paperboy-stale-"));
    try {
      const first = await openCore(loadConfig({ DATA_DIR: staleDir, SAMPLE_CORPUS: "false" }), { clock, log: createTestLogger() });
      opened.push(first);
      await first.database.close();
      // A crashed process leaves its lock behind; pid 2^22 + 1 is above Linux's pid limit, so nobody holds it.
      const lock = readdirSync(staleDir).find((name) => name.endsWith(".lock"));
      expect(lock).toBeUndefined();
      writeFileSync(join(staleDir, "paperboy.lock"), String(2 ** 22 + 1));
      const second = await openCore(loadConfig({ DATA_DIR: staleDir, SAMPLE_CORPUS: "false" }), { clock, log: createTestLogger() });
      opened.push(second);
      await second.database.close();
    } finally {
      rmSync(staleDir, { recursive: true, force: true });
    }
  });

  it("starts empty when the sample corpus is turned off", { timeout: 120_000 }, async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), "paperboy-empty-"));
    try {
      const log = createTestLogger();
      const core = await openCore(loadConfig({ DATA_DIR: emptyDir, SAMPLE_CORPUS: "false" }), { clock, log });
      opened.push(core);
      expect(core.papers).toBe(0);
      await core.database.close();
    } finally {
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });
});
