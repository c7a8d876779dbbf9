import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createArxivSource } from "../../../src/adapters/arxiv/index.js";
import { createHuggingFaceSource } from "../../../src/adapters/huggingface/index.js";
import { createJsonlSource } from "../../../src/adapters/jsonl/index.js";
import type { Paperboy } from "../../../src/core/api.js";
import type { TeamScope } from "../../../src/core/types.js";
import { databaseKinds } from "../../support/database.js";
import { startFixtureServer, type FixtureServer } from "../../support/fixture-server.js";
import { createTestClock, createTestPaperboy, type TestPaperboy } from "../../support/test-app.js";

const TEAM: TeamScope = { platform: "shell", workspace: "local" };
const DAY = "/api/daily_papers?date=2026-08-21";
const QUERY = "cat:cs.NE AND abs:spiking";
const PAPERS_FILE = fileURLToPath(new URL("../../fixtures/jsonl/papers.jsonl", import.meta.url));

function arxivPage(start: number): string {
  const params = new URLSearchParams({
    search_query: QUERY,
    start: String(start),
    max_results: "2",
    sortBy: "submittedDate",
    sortOrder: "descending",
  });
  return `/api/query?${params.toString()}`;
}

describe.each(databaseKinds())("ingesting real feeds into %s", (kind) => {
  let server: FixtureServer;
  let app: TestPaperboy;
  let paperboy: Paperboy;

  // One database per kind (creating one is the slow part); each test starts
  // from an empty papers table and a fresh core, as a newly started process would.
  beforeAll(async () => {
    app = await createTestPaperboy({ kind, papers: "none", clock: createTestClock("2026-08-21T12:00:00Z") });
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    await app.db.deleteFrom("papers").execute();
    paperboy = await app.spawnPaperboy();
    server = await startFixtureServer();
    server.serve(DAY, { fixture: "huggingface/daily-papers-2026-08-21.json" });
    server.serve(arxivPage(0), { fixture: "arxiv/query-spiking-page-1.xml" });
    server.serve(arxivPage(2), { fixture: "arxiv/query-spiking-page-2.xml" });
  });
  afterEach(async () => {
    await server.close();
  });

  const huggingFace = () => createHuggingFaceSource({ baseUrl: server.url, date: "2026-08-21" });
  const arxiv = () =>
    createArxivSource({ baseUrl: server.url, query: QUERY, max: 10, pageSize: 2, sleep: async () => undefined });
  const rows = () => app.db.selectFrom("papers").selectAll().orderBy("id").execute();

  it("stores the same rows when the same Hugging Face day is ingested twice", async () => {
    const first = await paperboy.ingest(huggingFace());
    const stored = await rows();
    app.clock.advance(60 * 60 * 1000);
    const second = await paperboy.ingest(huggingFace());

    expect(first).toMatchObject({ read: 5, inserted: 5, updated: 0, skipped: 0 });
    expect(second).toMatchObject({ read: 5, inserted: 0, updated: 0, skipped: 0 });
    expect(second.error).toBeUndefined();
    expect(await rows()).toEqual(stored);
  });

  it("stores the same rows when the same arXiv pages are ingested twice", async () => {
    const first = await paperboy.ingest(arxiv());
    const stored = await rows();
    app.clock.advance(60 * 60 * 1000);
    const second = await paperboy.ingest(arxiv());

    expect(first).toMatchObject({ read: 3, inserted: 3, updated: 0 });
    expect(second).toMatchObject({ read: 3, inserted: 0, updated: 0 });
    expect(await rows()).toEqual(stored);
  });

  it("stores the same rows when the same file is ingested twice, and reports its bad lines each time", async () => {
    const first = await paperboy.ingest(createJsonlSource({ path: PAPERS_FILE }));
    const stored = await rows();
    const second = await paperboy.ingest(createJsonlSource({ path: PAPERS_FILE }));

    expect(first).toMatchObject({ read: 4, inserted: 4, skipped: 9 });
    expect(second).toMatchObject({ read: 4, inserted: 0, updated: 0, skipped: 9 });
    expect(second.warnings[0]).toMatch(/^papers\.jsonl line 4: not valid JSON/);
    expect(await rows()).toEqual(stored);
  });

  it("keeps one row for a paper that came from Hugging Face and from arXiv, with both sources' facts", async () => {
    await paperboy.ingest(huggingFace());
    const report = await paperboy.ingest(arxiv());

    expect(report).toMatchObject({ read: 3, inserted: 1, updated: 2 });
    expect((await rows()).map((row) => row.id)).toEqual([
      "2608.12876",
      "2608.13377",
      "2608.13984",
      "2608.14211",
      "2608.14502",
      "2608.14620",
    ]);
    const view = await paperboy.getPaper("arXiv:2608.14211v2", TEAM);
    expect(view?.paper).toMatchObject({
      id: "2608.14211",
      title: "SpikeFormer-2: Scaling Spiking Transformers to Billion-Parameter Language Modeling",
      authors: ["Mei Lin", "Tobias Krause", "Aditi Rao", "Jonas Weber", "Yuki Tanaka"],
      // From arXiv: Hugging Face sends no categories.
      categories: ["cs.NE", "cs.CL", "cs.LG"],
      // From Hugging Face: arXiv knows nothing of upvotes or featuring.
      sourceUpvotes: 87,
      featuredAt: new Date("2026-08-21T00:00:00.000Z"),
      publishedAt: new Date("2026-08-19T16:42:11.000Z"),
      sources: ["huggingface", "arxiv"],
    });
  });

  it("merges the same way when arXiv brings the paper first", async () => {
    await paperboy.ingest(arxiv());
    await paperboy.ingest(huggingFace());

    const view = await paperboy.getPaper("2608.14211", TEAM);
    expect(view?.paper).toMatchObject({
      categories: ["cs.NE", "cs.CL", "cs.LG"],
      sourceUpvotes: 87,
      featuredAt: new Date("2026-08-21T00:00:00.000Z"),
      sources: ["arxiv", "huggingface"],
    });
    expect(await rows()).toHaveLength(6);
  });

  it("reports a truncated feed, stores nothing from it and loses nothing already stored", async () => {
    await paperboy.ingest(huggingFace());
    const before = await rows();
    server.serve("/api/daily_papers?date=2026-08-22", {
      fixture: "huggingface/daily-papers-2026-08-21.json",
      cutAfterBytes: 5000,
    });

    const report = await paperboy.ingest(createHuggingFaceSource({ baseUrl: server.url, date: "2026-08-22" }));

    expect(report).toMatchObject({ read: 0, inserted: 0, updated: 0 });
    expect(report.error).toMatch(/^Hugging Face daily papers for 2026-08-22: the connection closed before the answer/);
    expect(await rows()).toEqual(before);
  });

  it("skips the broken items of a Hugging Face day and stores the rest", async () => {
    server.serve(DAY, { fixture: "huggingface/daily-papers-with-broken-items.json" });

    const report = await paperboy.ingest(huggingFace());

    expect(report).toMatchObject({ read: 2, inserted: 2, skipped: 7 });
    expect(report.warnings).toHaveLength(7);
    expect((await rows()).map((row) => row.id)).toEqual(["2608.10001", "2608.14211"]);
  });
});
