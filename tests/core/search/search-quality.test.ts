/**
 * Search quality on the bundled sample corpus: the judged queries of
 * tests/fixtures/judged-queries.json must put the right papers first, for
 * every engine paperboy can run.
 */
import { describe, expect, it } from "vitest";
import { contentId } from "../../../src/core/paper-id.js";
import { createPaperIndex, parseSearchQuery, SEARCH_ENGINES } from "../../../src/core/search/index.js";
import { loadJudgedQueries, loadSamplePapers, ndcgAt5 } from "./judged-queries.js";

const ENGINES = SEARCH_ENGINES;
const papers = loadSamplePapers();
const titleOf = new Map(papers.map((paper) => [paper.id, paper.title]));
const judged = loadJudgedQueries();

describe.each(ENGINES)("search quality with the %s engine", (engine) => {
  const index = createPaperIndex({ engine });
  index.upsert(papers);

  async function topTitles(text: string, limit = 5): Promise<string[]> {
    const parsed = parseSearchQuery(text, new Date());
    if (!parsed.ok) throw new Error(parsed.problem.message);
    const hits = await index.search(parsed.query, limit);
    return hits.map((hit) => titleOf.get(hit.id) ?? hit.id);
  }

  it("holds every paper of the sample corpus", () => {
    expect(index.size).toBe(157);
  });

  it.each(judged.map((query) => [query.query, query] as const))("puts the judged papers for %j in the top five", async (_text, query) => {
    const top = await topTitles(query.query);
    for (const title of query.mustBeInTop5) expect(top).toContain(title);
    expect(query.relevant).toContain(top[0]);
    if (query.top5AllRelevant) for (const title of top) expect(query.relevant).toContain(title);
  });

  it("finds spiking papers when the query has a typo", async () => {
    const top = await topTitles("spikng", 5);
    expect(top).toHaveLength(5);
    for (const title of top) expect(title.toLowerCase()).toMatch(/spik/);
  });

  it("finds papers by the start of a word", async () => {
    const top = await topTitles("autoenc", 3);
    expect(top).toContain("Sparse Autoencoders Find Highly Interpretable Features in Language Models");
  });

  it("ranks well enough on the judged queries as a whole (mean nDCG@5 at least 0.8)", async () => {
    let total = 0;
    for (const query of judged) {
      const parsed = parseSearchQuery(query.query, new Date());
      if (!parsed.ok) throw new Error(parsed.problem.message);
      const hits = await index.search(parsed.query, 5);
      total += ndcgAt5(query, hits.map((hit) => hit.id));
    }
    expect(total / judged.length).toBeGreaterThanOrEqual(0.8);
  });

  it("shows a snippet of the abstract around the matched word", async () => {
    const parsed = parseSearchQuery("astrocytes", new Date());
    if (!parsed.ok) throw new Error(parsed.problem.message);
    const [hit] = await index.search(parsed.query, 1);
    expect(hit?.id).toBe(contentId("Astrocyte-Enabled Advancements in Spiking Neural Networks for Large Language Modeling"));
    expect(hit?.snippet.length).toBeLessThanOrEqual(205);
    expect(hit?.snippet.toLowerCase()).toContain("astrocyte");
    expect(hit?.snippet).toMatch(/…$/);
  });

  it("finds nothing, rather than everything, for words no paper contains", async () => {
    expect(await topTitles("xylophone quartet")).toEqual([]);
  });

  it("finds nothing for a query made only of filler words", async () => {
    expect(await topTitles("the of and")).toEqual([]);
  });
});
