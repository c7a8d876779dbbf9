/**
 * The `/papers` language as a user types it (Slack text, shell lines) and as
 * Discord sends it (typed options). Every mistake comes back as an error
 * reply with a one-line message and an example that itself parses.
 */
import { describe, expect, it } from "vitest";
import { type ParseResult, type Reply, commandFromOptions, parseCommandText } from "../../src/commands/index.js";

const now = new Date("2026-11-27T12:00:00Z");
const parse = (text: string) => parseCommandText(text, now);

function commandOf(result: ParseResult) {
  if (!result.ok) throw new Error(`expected a command, got an error: ${JSON.stringify(result.reply)}`);
  return result.command;
}

function errorOf(result: ParseResult): Extract<Reply, { kind: "error" }> {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.command)}`);
  if (result.reply.kind !== "error") throw new Error(`expected an error reply, got ${result.reply.kind}`);
  return result.reply;
}

/** The example in an error must be a command that works as typed. */
function expectWorkingExample(error: Extract<Reply, { kind: "error" }>) {
  expect(error.message.trim().length).toBeGreaterThan(10);
  expect(error.message).not.toContain("\n");
  expect(error.example).toMatch(/^\/papers\b/);
  const example = (error.example ?? "").replace(/^\/papers\s*/, "");
  expect(parse(example).ok, `example "${error.example}" should parse`).toBe(true);
}

describe("parsing /papers text", () => {
  it("answers /papers alone with help", () => {
    expect(commandOf(parse(""))).toEqual({ name: "help" });
    expect(commandOf(parse("   "))).toEqual({ name: "help" });
    expect(commandOf(parse("help"))).toEqual({ name: "help" });
  });

  it("searches by default", () => {
    const command = commandOf(parse("spiking neural networks"));
    expect(command).toMatchObject({ name: "search", text: "spiking neural networks", query: { text: "spiking neural networks" } });
  });

  it("searches with the search keyword too, without the keyword in the query", () => {
    expect(commandOf(parse("search diffusion models"))).toMatchObject({ name: "search", query: { text: "diffusion models" } });
  });

  it("reads search filters", () => {
    const command = commandOf(parse("diffusion since:7d author:hinton"));
    if (command.name !== "search") throw new Error("not a search");
    expect(command.query.text).toBe("diffusion");
    expect(command.query.filters.author).toBe("hinton");
    expect(command.query.filters.since?.toISOString()).toBe("2026-11-20T12:00:00.000Z");
  });

  it("reads top with the week as default, and each period", () => {
    expect(commandOf(parse("top"))).toEqual({ name: "top", period: "week" });
    expect(commandOf(parse("top day"))).toEqual({ name: "top", period: "day" });
    expect(commandOf(parse("top week"))).toEqual({ name: "top", period: "week" });
    expect(commandOf(parse("TOP Month"))).toEqual({ name: "top", period: "month" });
  });

  it("refuses top year as a bad period", () => {
    const error = errorOf(parse("top year"));
    expect(error.code).toBe("bad-period");
    expect(error.message).toContain("year");
    expectWorkingExample(error);
  });

  it("normalises the id in show", () => {
    expect(commandOf(parse("show 2401.12345v2"))).toEqual({ name: "show", id: "2401.12345" });
    expect(commandOf(parse("show arXiv:2401.12345"))).toEqual({ name: "show", id: "2401.12345" });
    expect(commandOf(parse("show https://arxiv.org/abs/hep-th/9901001v2"))).toEqual({ name: "show", id: "hep-th/9901001" });
  });

  it("refuses show with something that is not an id, and show with nothing", () => {
    for (const text of ["show nonsense", "show"]) {
      const error = errorOf(parse(text));
      expect(error.code).toBe("bad-id");
      expectWorkingExample(error);
    }
  });

  it("reads subscribe with nothing as keep-or-use-the-defaults", () => {
    expect(commandOf(parse("subscribe"))).toEqual({ name: "subscribe", changes: {} });
  });

  it("reads subscribe with time, zone, size and topics", () => {
    expect(commandOf(parse("subscribe time 08:30 timezone Europe/Berlin size 3 topics llm, agents"))).toEqual({
      name: "subscribe",
      changes: { digestTime: "08:30", timezone: "Europe/Berlin", digestSize: 3, topics: ["llm", "agents"] },
    });
  });

  it("reads settings that come after the topics, instead of taking them for topics", () => {
    expect(commandOf(parse("subscribe topics llm, agents time 08:00 timezone Europe/Berlin"))).toEqual({
      name: "subscribe",
      changes: { topics: ["llm", "agents"], digestTime: "08:00", timezone: "Europe/Berlin" },
    });
    expect(commandOf(parse("subscribe topics spiking size 3"))).toEqual({ name: "subscribe", changes: { topics: ["spiking"], digestSize: 3 } });
    // Ordinary words stay topics.
    expect(commandOf(parse("subscribe topics spiking in robotics"))).toEqual({
      name: "subscribe",
      changes: { topics: ["spiking", "in", "robotics"] },
    });
  });

  it("reads a bare time and zone", () => {
    expect(commandOf(parse("subscribe 08:30 Europe/Berlin"))).toEqual({
      name: "subscribe",
      changes: { digestTime: "08:30", timezone: "Europe/Berlin" },
    });
    expect(commandOf(parse("subscribe time 7:05"))).toEqual({ name: "subscribe", changes: { digestTime: "07:05" } });
  });

  it("spells a time zone the canonical way", () => {
    expect(commandOf(parse("subscribe timezone europe/berlin"))).toEqual({ name: "subscribe", changes: { timezone: "Europe/Berlin" } });
    expect(commandOf(parse("subscribe timezone AMERICA/NEW_YORK"))).toEqual({ name: "subscribe", changes: { timezone: "America/New_York" } });
  });

  it("keeps the current name of a zone rather than an old alias", () => {
    expect(commandOf(parse("subscribe timezone Asia/Kolkata"))).toEqual({ name: "subscribe", changes: { timezone: "Asia/Kolkata" } });
    expect(commandOf(parse("subscribe timezone Europe/Kyiv"))).toEqual({ name: "subscribe", changes: { timezone: "Europe/Kyiv" } });
    expect(commandOf(parse("subscribe timezone asia/ho_chi_minh"))).toEqual({ name: "subscribe", changes: { timezone: "Asia/Ho_Chi_Minh" } });
  });

  it("reads topics separated by spaces or commas", () => {
    expect(commandOf(parse("subscribe topics spiking neuromorphic"))).toEqual({
      name: "subscribe",
      changes: { topics: ["spiking", "neuromorphic"] },
    });
    expect(commandOf(parse("subscribe topics LLM, Agents, llm"))).toEqual({ name: "subscribe", changes: { topics: ["llm", "agents"] } });
  });

  it.each([
    ["subscribe time 25:00", "bad-time", "25:00"],
    ["subscribe time noon", "bad-time", "noon"],
    ["subscribe timezone Mars/Base", "bad-timezone", "Mars/Base"],
    ["subscribe size 50", "bad-size", "50"],
    ["subscribe size 0", "bad-size", "0"],
    ["subscribe size five", "bad-size", "five"],
  ])("refuses %j with %s, quoting the value", (text, code, value) => {
    const error = errorOf(parse(text));
    expect(error.code).toBe(code);
    expect(error.message).toContain(value);
    expectWorkingExample(error);
  });

  it.each([
    ["subscribe time", "bad-time"],
    ["subscribe timezone", "bad-timezone"],
    ["subscribe size", "bad-size"],
  ])("asks for the value %j is missing, under that setting's code", (text, code) => {
    const error = errorOf(parse(text));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/needs a value/);
    expectWorkingExample(error);
    expect(error.example).toContain(text.split(" ")[1]);
  });

  it("refuses a subscribe word it does not know", () => {
    const error = errorOf(parse("subscribe tomorrow"));
    expect(error.message).toContain("tomorrow");
    expectWorkingExample(error);
  });

  it("reads unsubscribe and digest", () => {
    expect(commandOf(parse("unsubscribe"))).toEqual({ name: "unsubscribe" });
    expect(commandOf(parse("digest"))).toEqual({ name: "digest" });
  });

  it("takes a typo of a subcommand for a typo, and suggests the command", () => {
    const error = errorOf(parse("subscibe time 08:30"));
    expect(error.code).toBe("unknown-subcommand");
    expect(error.message).toContain("subscibe");
    expect(error.message).toContain("subscribe");
    expectWorkingExample(error);
    expect(errorOf(parse("unsubscrbe")).message).toContain("unsubscribe");
  });

  it("searches for topics whose first word is close to a command's name", () => {
    for (const text of ["self attention", "shadow removal", "slow fast networks", "short text classification", "hello world", "heap", "diet"]) {
      expect(commandOf(parse(text)), text).toMatchObject({ name: "search", text });
    }
    expect(errorOf(parse("digets")).message).toContain("digest");
  });

  it("takes utc in any case as the UTC zone", () => {
    expect(commandOf(parse("subscribe utc"))).toEqual({ name: "subscribe", changes: { timezone: "UTC" } });
    expect(commandOf(parse("subscribe tz Utc"))).toEqual({ name: "subscribe", changes: { timezone: "UTC" } });
  });

  it("still searches for a short word that happens to be near a command", () => {
    expect(commandOf(parse("tops"))).toMatchObject({ name: "search" });
  });

  it("refuses an empty search", () => {
    const error = errorOf(parse("search"));
    expect(error.code).toBe("empty-query");
    expectWorkingExample(error);
    expect(errorOf(parse("search    ")).code).toBe("empty-query");
  });

  it("refuses a query of 10,000 characters, and one just over the limit", () => {
    const huge = errorOf(parse("a".repeat(10_000)));
    expect(huge.code).toBe("query-too-long");
    expect(huge.message).toContain("10000");
    expectWorkingExample(huge);
    const over = errorOf(parse(`search ${"word ".repeat(70)}`));
    expect(over.code).toBe("query-too-long");
  });

  it("refuses a filter it cannot read", () => {
    const error = errorOf(parse("spiking since:7x"));
    expect(error.code).toBe("bad-filter");
    expect(error.message).toContain("since:7x");
    expectWorkingExample(error);
    const author = errorOf(parse("spiking author:"));
    expect(author.code).toBe("bad-filter");
    expectWorkingExample(author);
  });
});

describe("building commands from typed options", () => {
  it("gives the same commands as the text", () => {
    const pairs: Array<[ParseResult, ParseResult]> = [
      [commandFromOptions("search", { query: "spiking neural networks" }, now), parse("spiking neural networks")],
      [commandFromOptions("top", {}, now), parse("top")],
      [commandFromOptions("top", { period: "month" }, now), parse("top month")],
      [commandFromOptions("show", { id: "2401.12345v2" }, now), parse("show 2401.12345v2")],
      [
        commandFromOptions("subscribe", { time: "08:30", timezone: "europe/berlin", topics: "llm, agents" }, now),
        parse("subscribe time 08:30 timezone europe/berlin topics llm, agents"),
      ],
      [commandFromOptions("unsubscribe", {}, now), parse("unsubscribe")],
      [commandFromOptions("digest", {}, now), parse("digest")],
      [commandFromOptions("help", {}, now), parse("help")],
    ];
    for (const [typed, text] of pairs) expect(typed).toEqual(text);
  });

  it("gives the same errors as the text", () => {
    const pairs: Array<[ParseResult, ParseResult]> = [
      [commandFromOptions("search", { query: "" }, now), parse("search")],
      [commandFromOptions("search", { query: "spiking since:7x" }, now), parse("spiking since:7x")],
      [commandFromOptions("top", { period: "year" }, now), parse("top year")],
      [commandFromOptions("show", { id: "nonsense" }, now), parse("show nonsense")],
      [commandFromOptions("subscribe", { time: "25:00" }, now), parse("subscribe time 25:00")],
      [commandFromOptions("subscribe", { timezone: "Mars/Base" }, now), parse("subscribe timezone Mars/Base")],
      [commandFromOptions("subscribe", { size: "50" }, now), parse("subscribe size 50")],
    ];
    for (const [typed, text] of pairs) {
      expect(typed.ok).toBe(false);
      expect(typed).toEqual(text);
    }
  });

  it("refuses a long typed query", () => {
    const error = errorOf(commandFromOptions("search", { query: "q".repeat(10_000) }, now));
    expect(error.code).toBe("query-too-long");
    expectWorkingExample(error);
  });

  it("refuses a subcommand it does not know", () => {
    const error = errorOf(commandFromOptions("subscibe", {}, now));
    expect(error.code).toBe("unknown-subcommand");
    expectWorkingExample(error);
  });
});
