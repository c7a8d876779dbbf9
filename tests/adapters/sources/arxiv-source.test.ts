import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createArxivSource, parseArxivFeed, type ArxivSourceOptions } from "../../../src/adapters/arxiv/index.js";
import { USER_AGENT } from "../../../src/adapters/http-fetch.js";
import { readFixture, startFixtureServer, type FixtureServer } from "../../support/fixture-server.js";
import { readSource } from "./read-source.js";

const QUERY = "cat:cs.NE AND abs:spiking";

function page(start: number, maxResults: number, query = QUERY): string {
  const params = new URLSearchParams({
    search_query: query,
    start: String(start),
    max_results: String(maxResults),
    sortBy: "submittedDate",
    sortOrder: "descending",
  });
  return `/api/query?${params.toString()}`;
}

let server: FixtureServer;
let sleeps: Array<{ ms: number; afterRequests: number }>;

beforeEach(async () => {
  server = await startFixtureServer();
  sleeps = [];
});
afterEach(async () => {
  await server.close();
});

function source(options: Partial<ArxivSourceOptions> = {}) {
  return createArxivSource({
    baseUrl: server.url,
    query: QUERY,
    max: 10,
    pageSize: 2,
    // Records each pause and how many requests had gone out before it, instead of waiting.
    sleep: async (ms) => {
      sleeps.push({ ms, afterRequests: server.requests.length });
    },
    ...options,
  });
}

function serveSpikingPages(): void {
  server.serve(page(0, 2), { fixture: "arxiv/query-spiking-page-1.xml" });
  server.serve(page(2, 2), { fixture: "arxiv/query-spiking-page-2.xml" });
}

describe("the arXiv source", () => {
  it("pages through the results newest first and stops at the query's total", async () => {
    serveSpikingPages();

    const run = await readSource(source());

    expect(run.error).toBeUndefined();
    expect(server.requests.map((request) => request.query)).toEqual([
      { search_query: QUERY, start: "0", max_results: "2", sortBy: "submittedDate", sortOrder: "descending" },
      { search_query: QUERY, start: "2", max_results: "2", sortBy: "submittedDate", sortOrder: "descending" },
    ]);
    expect(server.requests.every((request) => request.path === "/api/query")).toBe(true);
    expect(run.batches.map((batch) => batch.map((paper) => paper.id))).toEqual([
      ["2608.14620", "2608.14211"],
      ["2608.12876"],
    ]);
  });

  it("waits the configured delay between requests, and not before the first", async () => {
    serveSpikingPages();

    await readSource(source({ delayMs: 3000 }));

    expect(sleeps).toEqual([{ ms: 3000, afterRequests: 1 }]);
  });

  it("waits arXiv's three seconds when no delay is configured", async () => {
    serveSpikingPages();

    await readSource(source({ delayMs: undefined }));

    expect(sleeps.map((pause) => pause.ms)).toEqual([3000]);
  });

  it("identifies itself to arXiv", async () => {
    serveSpikingPages();

    await readSource(source());

    expect(server.requests[0]?.headers["user-agent"]).toBe(USER_AGENT);
  });

  it("reads an entry's id without its version, its wrapped text collapsed, and every author and category", async () => {
    serveSpikingPages();

    const run = await readSource(source());

    expect(run.papers[1]).toEqual({
      id: "2608.14211",
      title: "SpikeFormer-2: Scaling Spiking Transformers to Billion-Parameter Language Modeling",
      abstract: expect.stringMatching(/^Spiking neural networks \(SNNs\) promise .* We release code and checkpoints\.$/),
      authors: ["Mei Lin", "Tobias Krause", "Aditi Rao", "Jonas Weber", "Yuki Tanaka"],
      categories: ["cs.NE", "cs.CL", "cs.LG"],
      publishedAt: new Date("2026-08-19T16:42:11Z"),
      url: "https://arxiv.org/abs/2608.14211v2",
      source: "arxiv",
    });
    // One author and one category are still lists.
    expect(run.papers[2]).toMatchObject({
      id: "2608.12876",
      authors: ["Laura Schmidt"],
      categories: ["cs.NE"],
      abstract: expect.stringMatching(/^Catastrophic forgetting/),
    });
  });

  it("puts the primary category first without repeating it", async () => {
    serveSpikingPages();

    const run = await readSource(source());

    expect(run.papers[0]?.categories).toEqual(["cs.CV", "cs.NE"]);
  });

  it("asks only for what is left when the maximum falls inside a page", async () => {
    server.serve(page(0, 2), { fixture: "arxiv/query-spiking-page-1.xml" });
    server.serve(page(2, 1), { fixture: "arxiv/query-spiking-page-2.xml" });

    const run = await readSource(source({ max: 3 }));

    expect(server.requests.map((request) => [request.query.start, request.query.max_results])).toEqual([
      ["0", "2"],
      ["2", "1"],
    ]);
    expect(run.papers).toHaveLength(3);
  });

  it("makes a single request, and never waits, when the maximum fits in one page", async () => {
    serveSpikingPages();

    const run = await readSource(source({ max: 2 }));

    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(run.papers.map((paper) => paper.id)).toEqual(["2608.14620", "2608.14211"]);
  });

  it("stops at an empty page even when the total promised more", async () => {
    server.serve(page(0, 2), { fixture: "arxiv/query-spiking-page-1.xml" });
    server.serve(page(2, 2), { fixture: "arxiv/query-empty.xml" });

    const run = await readSource(source({ max: 100 }));

    expect(server.requests).toHaveLength(2);
    expect(run.error).toBeUndefined();
    expect(run.papers).toHaveLength(2);
  });

  it("turns arXiv's error entry into an error carrying arXiv's words, and yields nothing", async () => {
    server.serve(page(0, 2), { fixture: "arxiv/error-max-results.xml" });

    const run = await readSource(source());

    expect(run.batches).toEqual([]);
    expect(run.error?.message).toBe(
      "arXiv page 1 (start=0): arXiv rejected the query: max_results must be non-negative",
    );
  });

  it("reads arXiv's reason from an error entry sent with a 400 status", async () => {
    server.serve(page(0, 2), { status: 400, fixture: "arxiv/error-max-results.xml" });

    const run = await readSource(source());

    expect(run.error?.message).toBe(
      "arXiv page 1 (start=0): arXiv rejected the query (400): max_results must be non-negative",
    );
  });

  it("reports throttling with its status and body", async () => {
    server.serve(page(0, 2), { status: 503, body: "Rate exceeded.", contentType: "text/plain" });

    const run = await readSource(source());

    expect(run.batches).toEqual([]);
    expect(run.error?.message).toBe(
      `arXiv page 1 (start=0): ${server.url}${page(0, 2)} answered 503 Service Unavailable, body "Rate exceeded."`,
    );
  });

  it("reports a page that is not XML at all, even when it came with status 200", async () => {
    server.serve(page(0, 2), { body: "Rate exceeded.", contentType: "text/plain" });

    const run = await readSource(source());

    expect(run.batches).toEqual([]);
    expect(run.error?.message).toMatch(/^arXiv page 1 \(start=0\): the answer is not well-formed XML \(line 1: .*\), starting "Rate exceeded\."$/);
  });

  it("refuses a truncated page instead of reading it as a short one", async () => {
    const whole = readFixture("arxiv/query-spiking-page-1.xml");
    server.serve(page(0, 2), { body: whole.slice(0, whole.indexOf("</entry>") + 20), contentType: "application/atom+xml" });

    const run = await readSource(source());

    expect(run.batches).toEqual([]);
    expect(run.error?.message).toMatch(/^arXiv page 1 \(start=0\): the answer is not well-formed XML \(line \d+: /);
  });

  it("keeps the pages it already read when a later page breaks, and names the broken one", async () => {
    server.serve(page(0, 2), { fixture: "arxiv/query-spiking-page-1.xml" });
    server.serve(page(2, 2), { fixture: "arxiv/query-spiking-page-2.xml", cutAfterBytes: 700 });

    const run = await readSource(source());

    expect(run.papers.map((paper) => paper.id)).toEqual(["2608.14620", "2608.14211"]);
    expect(run.error?.message).toMatch(
      /^arXiv page 2 \(start=2\): the connection closed before the answer from 127\.0\.0\.1:\d+ was complete/,
    );
  });

  it("stops waiting when the ingest is cancelled during the pause between pages", async () => {
    serveSpikingPages();
    const controller = new AbortController();
    const slow = createArxivSource({ baseUrl: server.url, query: QUERY, max: 10, pageSize: 2, delayMs: 600_000 });

    const reading = readSource(
      {
        name: slow.name,
        async *fetch(options) {
          for await (const batch of slow.fetch(options)) {
            yield batch;
            controller.abort();
          }
        },
      },
      controller.signal,
    );

    const run = await reading;
    expect(run.papers).toHaveLength(2);
    expect(run.error?.name).toBe("AbortError");
    expect(server.requests).toHaveLength(1);
  });

  it("refuses options that would misuse the API before sending anything", () => {
    expect(() => source({ query: "  " })).toThrow('The arXiv query is empty; try one such as "cat:cs.LG"');
    expect(() => source({ max: 0 })).toThrow("The arXiv maximum must be a whole number ≥ 1, got 0");
    expect(() => source({ pageSize: 5000 })).toThrow("The arXiv page size must be a whole number from 1 to 2000, got 5000");
    expect(server.requests).toEqual([]);
  });
});

describe("parsing one page of arXiv's Atom feed", () => {
  const label = "arXiv page 1 (start=0)";

  it("skips entries that cannot be papers, naming each, and keeps the rest", () => {
    const warnings: string[] = [];

    const result = parseArxivFeed(readFixture("arxiv/query-with-broken-entries.xml"), label, (message) =>
      warnings.push(message),
    );

    expect(result.totalResults).toBe(6);
    expect(result.entryCount).toBe(6);
    expect(result.papers.map((paper) => paper.id)).toEqual(["q-bio/0403037", "2501.09999"]);
    expect(warnings).toEqual([
      `${label} entry 2 (2501.01234): missing "title"`,
      `${label} entry 3 (2501.05678): empty "summary"`,
      `${label} entry 4: "id" is not an arXiv id: "http://example.org/not-arxiv/7"`,
      `${label} entry 6 (2501.04242): "title" is 1599 characters long (at most 1000)`,
    ]);
  });

  it("reads the classic feed: hard-wrapped titles, rel=alternate links, affiliations beside names", () => {
    const result = parseArxivFeed(readFixture("arxiv/query-with-broken-entries.xml"), label, () => undefined);

    expect(result.papers[0]).toEqual({
      id: "q-bio/0403037",
      title: "Spike-timing dependent plasticity and the stability of recurrent cortical circuits",
      abstract:
        "We study how spike-timing dependent plasticity shapes the connectivity of recurrent networks of " +
        "integrate-and-fire neurons and show that, without homeostatic scaling, the learned weights drift towards instability.",
      authors: ["R. Gütig", "H. Sompolinsky"],
      categories: ["q-bio.NC", "cond-mat.dis-nn"],
      publishedAt: new Date("2004-03-26T15:40:21Z"),
      url: "http://arxiv.org/abs/q-bio/0403037v2",
      source: "arxiv",
    });
  });

  it("keeps a real paper that happens to be titled Error", () => {
    const result = parseArxivFeed(readFixture("arxiv/query-with-broken-entries.xml"), label, () => undefined);

    expect(result.papers[1]).toMatchObject({ id: "2501.09999", title: "Error" });
  });

  it("keeps ids as text, so a trailing zero survives", () => {
    const xml = readFixture("arxiv/query-spiking-page-2.xml").replaceAll("2608.12876", "2608.12870");

    const result = parseArxivFeed(xml, label, () => undefined);

    expect(result.papers[0]?.id).toBe("2608.12870");
  });

  it("falls back to the abstract page when an entry has no usable link", () => {
    const xml = readFixture("arxiv/query-spiking-page-2.xml").replace(/<link href="[^"]*"\/>\s*/g, "");

    const result = parseArxivFeed(xml, label, () => undefined);

    expect(result.papers[0]?.url).toBe("https://arxiv.org/abs/2608.12876");
  });

  it("refuses XML that is not an Atom feed", () => {
    expect(() => parseArxivFeed("<html><body>Maintenance</body></html>", label, () => undefined)).toThrow(
      'arXiv page 1 (start=0): the answer is XML but not an Atom feed, starting "<html><body>Maintenance</body></html>"',
    );
  });

  it("refuses a document with a DOCTYPE, the doorway to entity tricks", () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001v1</id>' +
      "<title>&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;</title><summary>s</summary></entry></feed>";

    expect(() => parseArxivFeed(bomb, label, () => undefined)).toThrow(
      /^arXiv page 1 \(start=0\): the answer declares a DOCTYPE, which an arXiv feed never does, starting "<\?xml/,
    );
  });
});
