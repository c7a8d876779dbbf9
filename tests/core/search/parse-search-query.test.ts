/** The `/papers <query>` language: free text plus `since:` and `author:` filters. */
import { describe, expect, it } from "vitest";
import { parseSearchQuery } from "../../../src/core/search/index.js";

const now = new Date("2026-11-27T12:00:00Z");

function parsed(raw: string) {
  const result = parseSearchQuery(raw, now);
  if (!result.ok) throw new Error(`expected ${raw} to parse: ${result.problem.message}`);
  return result.query;
}

describe("parseSearchQuery", () => {
  it("keeps plain words as the text and sets no filters", () => {
    expect(parsed("  spiking   neural networks ")).toEqual({ text: "spiking neural networks", filters: {} });
  });

  it("reads since:7d as seven days before now", () => {
    expect(parsed("spiking since:7d")).toEqual({ text: "spiking", filters: { since: new Date("2026-11-20T12:00:00Z") } });
  });

  it("understands hours, weeks, months and years", () => {
    expect(parsed("since:12h").filters.since).toEqual(new Date("2026-11-27T00:00:00Z"));
    expect(parsed("since:2w").filters.since).toEqual(new Date("2026-11-13T12:00:00Z"));
    expect(parsed("since:1m").filters.since).toEqual(new Date("2026-10-28T12:00:00Z"));
    expect(parsed("since:1y").filters.since).toEqual(new Date("2025-11-27T12:00:00Z"));
  });

  it("reads since: with a calendar date as midnight UTC of that day", () => {
    expect(parsed("since:2024-01-31 diffusion")).toEqual({
      text: "diffusion",
      filters: { since: new Date("2024-01-31T00:00:00Z") },
    });
  });

  it("reads author: with a bare name or a quoted full name", () => {
    expect(parsed("author:hinton capsules")).toEqual({ text: "capsules", filters: { author: "hinton" } });
    expect(parsed('transformers author:"Ashish Vaswani" since:1y').filters).toEqual({
      author: "Ashish Vaswani",
      since: new Date("2025-11-27T12:00:00Z"),
    });
  });

  it("accepts a query made of filters only", () => {
    expect(parsed("author:hinton")).toEqual({ text: "", filters: { author: "hinton" } });
  });

  it("explains a since: it cannot read, with an example that works", () => {
    const result = parseSearchQuery("spiking since:yesterday", now);
    expect(result).toEqual({
      ok: false,
      problem: {
        code: "bad-filter",
        message: '"since:yesterday" is not a time span or a date.',
        example: expect.stringContaining("since:7d"),
      },
    });
  });

  it("rejects a date that does not exist instead of rolling it over", () => {
    expect(parseSearchQuery("since:2024-02-31", now).ok).toBe(false);
  });

  it("explains an author: without a name", () => {
    const result = parseSearchQuery("author: spiking", now);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.example).toContain("author:hinton");
  });

  it("leaves words that merely contain a colon in the text", () => {
    expect(parsed("re:invent talk")).toEqual({ text: "re:invent talk", filters: {} });
  });
});
