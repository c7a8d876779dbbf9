/**
 * The terminal chat driven through its streams, as a script or a person at a
 * terminal would: search, a digest, votes on what was listed, mistakes,
 * leaving, and hostile titles that cannot touch the terminal.
 */
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createShellAdapter } from "../../../src/adapters/shell/index.js";
import { databaseKinds } from "../../support/database.js";
import { type TestPaperboy, createTestClock, createTestPaperboy, listSource } from "../../support/test-app.js";

// Control characters other than the newlines between lines.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe.each(databaseKinds())("the shell adapter (%s)", (kind) => {
  let app: TestPaperboy;

  beforeAll(async () => {
    app = await createTestPaperboy({ kind, clock: createTestClock("2026-11-27T10:00:00Z") });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Types the lines, ends the input (or leaves it open), and returns what the shell printed. */
  async function converse(lines: string[], options: { user?: string; endInput?: boolean } = {}) {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk: Buffer) => {
      printed += chunk.toString("utf8");
    });
    const shell = createShellAdapter(
      { input, output, interactive: false, user: options.user ?? "ada" },
      { paperboy: app.paperboy, log: app.log, clock: app.clock },
    );
    await shell.start();
    const text = lines.map((line) => `${line}\n`).join("");
    if (options.endInput ?? true) input.end(text);
    else input.write(text);
    await shell.finished;
    await new Promise((resolve) => setImmediate(resolve));
    return { printed, input, output };
  }

  const numbered = (printed: string) => printed.split("\n").filter((line) => /^ \[\d+\] /.test(line));

  it("answers /papers spiking with at least five spiking papers", async () => {
    const { printed } = await converse(["/papers spiking"]);
    const titles = numbered(printed);
    expect(titles.length).toBeGreaterThanOrEqual(5);
    expect(titles.filter((line) => /spik/i.test(line)).length).toBeGreaterThanOrEqual(3);
    expect(printed.match(/spiking/gi)?.length ?? 0).toBeGreaterThanOrEqual(5);
    expect(printed).toContain("+1 <number>");
  });

  it("answers /papers digest with the digest's header and five numbered papers", async () => {
    const { printed } = await converse(["/papers digest"], { user: "digest-reader" });
    expect(printed).toMatch(/Trending papers, Fri 27 Nov/);
    expect(printed).toMatch(/5 papers/);
    expect(numbered(printed).map((line) => /^ \[(\d+)\]/.exec(line)?.[1])).toEqual(["1", "2", "3", "4", "5"]);
    expect(printed).toMatch(/Posted today's digest: 5 papers/);
  });

  it("takes +1 2 as a vote for the second paper listed, and /papers top shows it", async () => {
    const { printed } = await converse(["/papers top month", "+1 2", "/papers top month"], { user: "voter" });
    const [firstListing, , secondListing] = printed.split(/(?=Trending this month)|(?=Voted for)/);
    const second = numbered(firstListing ?? "")[1];
    const title = /^ \[2\] (.*)$/.exec(second ?? "")?.[1];
    expect(title).toBeTruthy();
    expect(printed).toContain(`Voted for [2] ${title!.slice(0, 40)}`);
    expect(printed).toMatch(/\(1 vote\)/);
    // Now on top, with its vote.
    const lines = (secondListing ?? "").split("\n");
    expect(lines[1]).toBe(` [1] ${title}`);
    expect(lines[2]).toMatch(/1 vote\b/);
  });

  it("counts a second +1 from the same person once, and -1 takes it back", async () => {
    const { printed } = await converse(["/papers spiking", "+1 1", "+1 1", "-1 1", "-1 1"], { user: "undecided" });
    expect(printed).toMatch(/Voted for \[1\] .*\(1 vote\)/);
    expect(printed).toMatch(/You already voted for \[1\] \(1 vote\)/);
    expect(printed).toMatch(/Took back your vote for \[1\] .*\(0 votes\)/);
    expect(printed).toMatch(/You had not voted for \[1\]/);
  });

  it("says clearly when a vote number is not in the list, or nothing was listed yet", async () => {
    const before = await converse(["+1 2"]);
    expect(before.printed).toMatch(/List some papers first/);
    const { printed } = await converse(["/papers spiking", "+1 9"]);
    expect(printed).toMatch(/There is no paper 9 in the last list \(1 to 5\)/);
  });

  it("hints at the commands when a line is not one", async () => {
    const { printed } = await converse(["hello there"]);
    expect(printed.trim()).toBe("I only know /papers commands and votes. Type /papers help.");
  });

  it("answers a mistake with what was wrong and an example", async () => {
    const { printed } = await converse(["/papers subscribe time 25:00"]);
    expect(printed).toMatch(/"25:00" is not a time.*Try: \/papers subscribe time 08:30/);
  });

  it("stops at quit and answers nothing after it, with the input still open", async () => {
    const { printed } = await converse(["/papers help", "quit", "/papers spiking"], { endInput: false });
    expect(printed).toMatch(/\/papers help/);
    expect(numbered(printed)).toEqual([]);
  });

  it("finishes at the end of input only after the last answer is printed", async () => {
    const { printed } = await converse(["/papers top", "/papers spikng"]);
    expect(printed.trimEnd().endsWith("Vote with +1 <number>.")).toBe(true);
    expect(printed).toMatch(/Papers matching "spikng"/);
  });

  it("answers each line in order, however fast they come", async () => {
    const { printed } = await converse(["/papers show 2401.99999", "nonsense", "/papers top year", "/papers help", "/papers spiking"]);
    const markers = [/I have no paper 2401\.99999/, /I only know \/papers/, /"year" is not a period/, /^paperboy: trending papers/m, /Papers matching "spiking"/];
    const positions = markers.map((marker) => printed.search(marker));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("prints a hostile title without control characters", async () => {
    await app.paperboy.ingest(
      listSource([
        {
          id: "2411.40001",
          title: "Hostile\u001b[2J\u001b[31m spiking <!channel> title\u0007\r\nfake prompt> ",
          abstract: "Clears the screen\u001b]0;pwned\u0007 if printed raw.",
          authors: ["Mallory\u001b[1m"],
          source: "arxiv",
        },
      ]),
    );
    const { printed } = await converse(["/papers show 2411.40001", "/papers hostile"]);
    expect(printed).toContain("Hostile [2J [31m spiking <!channel> title fake prompt>");
    expect(printed).not.toMatch(CONTROL);
    expect(printed).not.toContain("\u001b");
  });
});
