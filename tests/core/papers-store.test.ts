/**
 * The papers table as ingest leaves it: one row per paper whatever brought
 * it, its fields merged sensibly, re-reading the same feed changing nothing,
 * and papers without a date reading as new from the moment paperboy saw them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshAt } from "../../src/core/store/papers.js";
import type { PaperInput } from "../../src/core/types.js";
import { databaseKinds } from "../support/database.js";
import { type TestPaperboy, createTestClock, createTestPaperboy, listSource } from "../support/test-app.js";

const HOUR = 3_600_000;
const scope = { platform: "shell" as const, workspace: "store-tests" };

describe.each(databaseKinds())("papers in the store (%s)", (kind) => {
  let app: TestPaperboy;

  beforeAll(async () => {
    app = await createTestPaperboy({ kind, papers: "none", clock: createTestClock("2026-11-27T10:00:00Z") });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function row(id: string) {
    return app.db.selectFrom("papers").selectAll().where("id", "=", id).executeTakeFirst();
  }
  const ingest = (papers: PaperInput[]) => app.paperboy.ingest(listSource(papers));

  it("keeps the same paper from arXiv and Hugging Face as one row with the fields merged", async () => {
    const fromArxiv: PaperInput = {
      id: "arXiv:2401.00001v2",
      title: "Merging   Sources of Papers",
      abstract: "Short abstract.",
      authors: ["Ada Lovelace", "Alan Turing"],
      categories: ["cs.LG", "cs.AI"],
      publishedAt: new Date("2024-01-02T00:00:00Z"),
      source: "arxiv",
    };
    const fromHf: PaperInput = {
      id: "2401.00001",
      title: "Merging Sources of Papers",
      abstract: "A much longer abstract that says more about how the sources are merged.",
      authors: ["A. Lovelace"],
      categories: ["cs.AI", "cs.CL"],
      publishedAt: new Date("2024-01-03T00:00:00Z"),
      featuredAt: new Date("2024-01-05T00:00:00Z"),
      sourceUpvotes: 12,
      source: "huggingface",
    };
    const first = await ingest([fromArxiv]);
    expect(first).toMatchObject({ inserted: 1, updated: 0 });
    const second = await ingest([fromHf]);
    expect(second).toMatchObject({ inserted: 0, updated: 1 });
    // Hugging Face again with fewer upvotes and an earlier featuring: neither goes backwards.
    await ingest([{ ...fromHf, sourceUpvotes: 3, featuredAt: new Date("2024-01-04T00:00:00Z") }]);

    const rows = await app.db.selectFrom("papers").select("id").where("id", "like", "2401.00001%").execute();
    expect(rows.map((r) => r.id)).toEqual(["2401.00001"]);

    const view = await app.paperboy.getPaper("arXiv:2401.00001v1", scope);
    expect(view?.paper).toMatchObject({
      id: "2401.00001",
      title: "Merging Sources of Papers",
      abstract: fromHf.abstract,
      authors: ["Ada Lovelace", "Alan Turing"],
      sources: ["arxiv", "huggingface"],
      sourceUpvotes: 12,
      url: "https://arxiv.org/abs/2401.00001",
    });
    expect([...(view?.paper.categories ?? [])].sort()).toEqual(["cs.AI", "cs.CL", "cs.LG"]);
    expect(view?.paper.publishedAt?.toISOString()).toBe("2024-01-02T00:00:00.000Z");
    expect(view?.paper.featuredAt?.toISOString()).toBe("2024-01-05T00:00:00.000Z");
  });

  it("merges two sightings of one paper within the same feed", async () => {
    const report = await ingest([
      { id: "2401.00002v1", title: "Twice in one batch", abstract: "short", categories: ["cs.LG"], source: "arxiv" },
      { id: "2401.00002v3", title: "Twice in one batch", abstract: "the longer abstract", categories: ["stat.ML"], sourceUpvotes: 4, source: "huggingface" },
    ]);
    expect(report).toMatchObject({ read: 2, inserted: 1, updated: 0 });
    const stored = await row("2401.00002");
    expect(stored).toMatchObject({ abstract: "the longer abstract", categories: ["cs.LG", "stat.ML"], source_upvotes: 4 });
    expect([...(stored?.sources ?? [])].sort()).toEqual(["arxiv", "huggingface"]);
  });

  it("changes nothing when the same feed is read again", async () => {
    const feed: PaperInput[] = [
      { id: "2401.00003", title: "Idempotent ingest", abstract: "Reading twice stores once.", authors: ["B. Liskov"], categories: ["cs.DB"], publishedAt: new Date("2026-11-26T00:00:00Z"), source: "huggingface", sourceUpvotes: 7, featuredAt: new Date("2026-11-27T00:00:00Z") },
      { title: "A paper with no arXiv id", abstract: "It gets a content id.", source: "file" },
    ];
    expect(await ingest(feed)).toMatchObject({ read: 2, inserted: 2, updated: 0 });
    const before = await row("2401.00003");

    app.clock.advance(2 * HOUR);
    const again = await ingest(feed);
    expect(again).toMatchObject({ read: 2, inserted: 0, updated: 0 });
    const after = await row("2401.00003");
    expect(after?.updated_at.toISOString()).toBe(before?.updated_at.toISOString());
    expect(after).toEqual(before);
  });

  it("counts the age of a paper without a date from when it was first seen, and keeps that moment", async () => {
    const seenAt = app.clock.now();
    await ingest([{ title: "Undated but new", abstract: "No publication date in the feed.", source: "file" }]);
    app.clock.advance(5 * HOUR);
    // Seen again later (another feed adds a category): still five hours old, not brand new.
    await ingest([{ title: "Undated but new", abstract: "No publication date in the feed.", categories: ["cs.NE"], source: "file" }]);

    const top = await app.paperboy.topPapers("day", scope, 100);
    const view = top.find((candidate) => candidate.paper.title === "Undated but new");
    expect(view).toBeDefined();
    expect(view?.paper.publishedAt).toBeNull();
    expect(view?.paper.firstSeenAt.toISOString()).toBe(seenAt.toISOString());
    expect(view?.paper.categories).toEqual(["cs.NE"]);
    expect(freshAt(view!.paper).toISOString()).toBe(seenAt.toISOString());
  });

  it("keeps what a failing feed delivered before it broke, and leaves reporting the failure to the caller, once", async () => {
    const errorsBefore = app.log.lines.filter((line) => line.level !== "info").length;
    const report = await app.paperboy.ingest({
      name: "breaks after one page",
      async *fetch() {
        yield [{ id: "2411.60001", title: "Read before the break", abstract: "Stored.", source: "huggingface" as const }];
        throw new Error("connection reset by peer");
      },
    });
    expect(report).toMatchObject({ read: 1, inserted: 1, error: "connection reset by peer" });
    expect(await row("2411.60001")).toBeDefined();
    // The scheduler and the ingest command each say it in their own words; the core saying it too would be twice.
    expect(app.log.lines.filter((line) => line.level !== "info").slice(errorsBefore)).toEqual([]);
  });

  it("leaves a paper published long ago out of this week's top, and counts featuring as fresh", async () => {
    const now = app.clock.now();
    await ingest([
      { id: "1901.00004", title: "An old paper", abstract: "Published years ago.", publishedAt: new Date("2019-01-01T00:00:00Z"), source: "arxiv" },
      { id: "1901.00005", title: "An old paper featured today", abstract: "Published years ago, featured now.", publishedAt: new Date("2019-01-01T00:00:00Z"), featuredAt: new Date(now.getTime() - HOUR), source: "huggingface" },
    ]);
    const ids = (await app.paperboy.topPapers("week", scope, 100)).map((view) => view.paper.id);
    expect(ids).not.toContain("1901.00004");
    expect(ids).toContain("1901.00005");
  });
});
