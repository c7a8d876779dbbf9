/**
 * paperboy as a script uses it: `printf '/papers spiking\n' | npm start` on a
 * fresh data folder answers each line and exits 0; a half-configured Slack
 * stops the start with exit code 2 and the variable to set.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npx tsx src/main.ts` with the given stdin and environment (and none of the caller's platform credentials). */
function runMain(stdin: string, env: Record<string, string>): Promise<Finished> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(SLACK_|DISCORD_|DATABASE_URL$|TEST_DATABASE_URL$|DATA_DIR$|LOG_LEVEL$)/.test(name)),
  );
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "src/main.ts"], { cwd: ROOT, env: { ...clean, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`main did not finish; stdout so far:\n${stdout}\nstderr:\n${stderr}`));
    }, 110_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(stdin);
  });
}

describe("running paperboy from a pipe", () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "paperboy-main-"));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers /papers spiking and /papers spikng with five spiking papers each, then exits 0", { timeout: 120_000 }, async () => {
    const run = await runMain("/papers spiking\n/papers spikng\n", { DATA_DIR: dataDir });
    expect(run.stderr).not.toMatch(/failed|error/i);
    expect(run.code).toBe(0);
    const [spiking = "", spikng = ""] = run.stdout.split(/^(?=Papers matching ")/m).filter((part) => part.startsWith("Papers matching"));
    expect(spiking).toMatch(/^Papers matching "spiking"/);
    expect(spikng).toMatch(/^Papers matching "spikng"/);
    for (const answer of [spiking, spikng]) {
      expect(answer.split("\n").filter((line) => /spiking/i.test(line)).length).toBeGreaterThanOrEqual(5);
      expect(answer.split("\n").filter((line) => /^ \[\d\] /.test(line))).toHaveLength(5);
    }
  });

  it("stops with exit code 2 and names SLACK_SIGNING_SECRET when only the Slack bot token is set", { timeout: 120_000 }, async () => {
    const run = await runMain("", { DATA_DIR: dataDir, SLACK_BOT_TOKEN: "xoxb-111-222-notarealtoken" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("SLACK_SIGNING_SECRET");
    expect(run.stderr + run.stdout).not.toContain("notarealtoken");
  });

  it("stops with exit code 1 and names DATABASE_URL, without its password, when the server cannot be reached", { timeout: 120_000 }, async () => {
    // Nothing listens on port 1: the connection is refused at once.
    const run = await runMain("/papers spiking\n", { DATABASE_URL: "postgres://paperboy:pw-s3cret-42@127.0.0.1:1/paperboy" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("DATABASE_URL");
    expect(run.stderr).toContain("127.0.0.1:1");
    expect(run.stderr + run.stdout).not.toContain("pw-s3cret-42");
  });
});
