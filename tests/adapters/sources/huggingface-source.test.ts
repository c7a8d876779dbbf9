import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHuggingFaceSource } from "../../../src/adapters/huggingface/index.js";
import { USER_AGENT } from "../../../src/adapters/http-fetch.js";
import { readFixture, startFixtureServer, type FixtureServer } from "../../support/fixture-server.js";
import { readSource } from "./read-source.js";

const DAY = "/api/daily_papers?date=2026-08-21";

let server: FixtureServer;
beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  await server.close();
});

function source(date = "2026-08-21") {
  return createHuggingFaceSource({ baseUrl: server.url, date });
}

describe("the Hugging Face daily papers source", () => {
  it("asks for the day's papers once, saying who is asking", async () => {
    server.serve(DAY, { fixture: "huggingface/daily-papers-2026-08-21.json" });

    await readSource(source());

    expect(server.requests.map((request) => [request.path, request.query])).toEqual([
      ["/api/daily_papers", { date: "2026-08-21" }],
    ]);
    expect(server.requests[0]?.headers["user-agent"]).toBe(USER_AGENT);
  });

  it("turns each featured paper into a paper with its upvotes, comments and featured day", async () => {
    server.serve(DAY, { fixture: "huggingface/daily-papers-2026-08-21.json" });

    const run = await readSource(source());

    expect(run.error).toBeUndefined();
    expect(run.warnings).toEqual([]);
    expect(run.papers.map((paper) => paper.id)).toEqual([
      "2608.14211",
      "2608.13984",
      "2608.14502",
      "2608.13377",
      "2608.14620",
    ]);
    expect(run.papers[0]).toEqual({
      id: "2608.14211",
      title: "SpikeFormer-2: Scaling Spiking Transformers to Billion-Parameter Language Modeling",
      abstract: expect.stringMatching(/^Spiking neural networks \(SNNs\) promise orders-of-magnitude lower energy on neuromorphic hardware, yet/),
      authors: ["Mei Lin", "Tobias Krause", "Aditi Rao", "Jonas Weber", "Yuki Tanaka"],
      publishedAt: new Date("2026-08-19T16:42:11.000Z"),
      featuredAt: new Date("2026-08-21T00:00:00.000Z"),
      url: "https://huggingface.co/papers/2608.14211",
      source: "huggingface",
      sourceUpvotes: 87,
      sourceComments: 4,
    });
    expect(run.papers[0]?.abstract).not.toMatch(/\n/);
  });

  it("keeps authors Hugging Face marks hidden, since they still wrote the paper", async () => {
    server.serve(DAY, { fixture: "huggingface/daily-papers-2026-08-21.json" });

    const run = await readSource(source());

    expect(run.papers[1]?.authors).toEqual(["Sofia Marquez", "Daniel Okafor", "Priya Natarajan", "Lukas Fischer"]);
  });

  it("tolerates items without comments, authors or dates", async () => {
    server.serve(DAY, { fixture: "huggingface/daily-papers-with-broken-items.json" });

    const run = await readSource(source());

    expect(run.papers.find((paper) => paper.id === "2608.10001")).toEqual({
      id: "2608.10001",
      title: "Minimal Item With Only The Required Fields",
      abstract: "An abstract and nothing else.",
      authors: undefined,
      publishedAt: undefined,
      featuredAt: undefined,
      url: "https://huggingface.co/papers/2608.10001",
      source: "huggingface",
      sourceUpvotes: undefined,
      sourceComments: undefined,
    });
  });

  it("skips each item that cannot be a paper, with a warning that names it", async () => {
    server.serve(DAY, { fixture: "huggingface/daily-papers-with-broken-items.json" });

    const run = await readSource(source());

    expect(run.error).toBeUndefined();
    expect(run.papers.map((paper) => paper.id)).toEqual(["2608.14211", "2608.10001"]);
    const label = "Hugging Face daily papers for 2026-08-21";
    expect(run.warnings).toEqual([
      `${label} item 2: missing "paper.id"`,
      `${label} item 3 (2608.14502): empty "paper.title"`,
      `${label} item 4 (2608.14620): missing "paper.summary"`,
      `${label} item 5: "paper.id" is not an arXiv id: "not-an-arxiv-id"`,
      `${label} item 6 (2608.13377): "paper.title" is 1500 characters long (at most 1000)`,
      `${label} item 7: expected an object, got a string`,
      `${label} item 8: missing "paper"`,
    ]);
  });

  it("yields nothing and warns of nothing on a day without papers", async () => {
    server.serve(DAY, { body: "[]", contentType: "application/json" });

    const run = await readSource(source());

    expect(run).toMatchObject({ batches: [], warnings: [], error: undefined });
  });

  it("reports an error answer with its status and the start of its body, and yields nothing", async () => {
    server.serve(DAY, { status: 503, body: "<html><body>Service Unavailable</body></html>", contentType: "text/html" });

    const run = await readSource(source());

    expect(run.papers).toEqual([]);
    expect(run.error?.message).toBe(
      `Hugging Face daily papers for 2026-08-21: ${server.url}${DAY} answered 503 Service Unavailable, ` +
        `body "<html><body>Service Unavailable</body></html>"`,
    );
  });

  it("reports an answer that is not JSON, quoting its first bytes", async () => {
    server.serve(DAY, { body: "<!doctype html><title>Hugging Face – maintenance</title>", contentType: "text/html" });

    const run = await readSource(source());

    expect(run.papers).toEqual([]);
    expect(run.error?.message).toBe(
      "Hugging Face daily papers for 2026-08-21: the answer is not valid JSON (56 characters, cut short or not JSON at all), " +
        'starting "<!doctype html><title>Hugging Face – maintenance</title>"',
    );
  });

  it("stores nothing from an answer whose JSON stops half-way", async () => {
    const whole = readFixture("huggingface/daily-papers-2026-08-21.json");
    server.serve(DAY, { body: whole.slice(0, Math.floor(whole.length / 2)), contentType: "application/json" });

    const run = await readSource(source());

    expect(run.batches).toEqual([]);
    expect(run.error?.message).toMatch(/^Hugging Face daily papers for 2026-08-21: the answer is not valid JSON \(\d+ characters, cut short or not JSON at all\), starting "\[ \{ "paper": \{ "id": "2608\.14211"/);
  });

  it("stores nothing when the connection drops in the middle of the answer", async () => {
    server.serve(DAY, { fixture: "huggingface/daily-papers-2026-08-21.json", cutAfterBytes: 4000 });

    const run = await readSource(source());

    expect(run.batches).toEqual([]);
    expect(run.error?.message).toMatch(
      /^Hugging Face daily papers for 2026-08-21: the connection closed before the answer from 127\.0\.0\.1:\d+ was complete/,
    );
  });

  it("reports an answer that is JSON but not a list, with Hugging Face's own complaint", async () => {
    server.serve(DAY, { status: 200, body: '{"error":"Invalid date"}', contentType: "application/json" });

    const run = await readSource(source());

    expect(run.error?.message).toBe(
      'Hugging Face daily papers for 2026-08-21: expected a list of papers, got an object: Invalid date ("{"error":"Invalid date"}")',
    );
  });

  it("reports a server that cannot be reached", async () => {
    const url = server.url;
    await server.close();
    server = await startFixtureServer();

    const run = await readSource(createHuggingFaceSource({ baseUrl: url, date: "2026-08-21" }));

    expect(run.error?.message).toMatch(/^Hugging Face daily papers for 2026-08-21: could not reach 127\.0\.0\.1:\d+ \(fetch failed: .*ECONNREFUSED/);
  });

  it("gives up on a server that accepts the request and never answers", async () => {
    server.serve(DAY, { silent: true });

    const run = await readSource(createHuggingFaceSource({ baseUrl: server.url, date: "2026-08-21", timeoutMs: 300 }));

    expect(run.error?.message).toMatch(
      /^Hugging Face daily papers for 2026-08-21: 127\.0\.0\.1:\d+ gave no complete answer within 0\.3 s$/,
    );
  });

  it("refuses a date that is not a calendar day before asking anything", () => {
    expect(() => source("2026-02-30")).toThrow('Hugging Face daily papers need a date as YYYY-MM-DD, got "2026-02-30"');
    expect(() => source("yesterday")).toThrow('got "yesterday"');
    expect(server.requests).toEqual([]);
  });
});
