/**
 * The first search engine: MiniSearch over title, abstract and authors, tuned
 * for paper search (title boosted, prefixes from three letters, one typo from
 * five, stop words out, every word required before any word will do). It is
 * simple and right for a few thousand papers; the compact index
 * (compact-index.ts) takes over where MiniSearch's cost grows with the corpus.
 */
import MiniSearch from "minisearch";
import type { Paper } from "../types.js";
import { createAuthorMatcher, foldAuthors, paperTime } from "./paper-filters.js";
import type { ParsedQuery } from "./query.js";
import { makeSnippet } from "./snippet.js";
import { foldText, STOP_WORDS, words } from "./text.js";
import type { PaperIndex, SearchHit } from "./types.js";

interface StoredPaper {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  foldedAuthors: string[];
  time: number;
}

interface IndexedFields {
  id: string;
  title: string;
  abstract: string;
  authors: string;
}

export function createMiniSearchIndex(): PaperIndex {
  const papers = new Map<string, StoredPaper>();
  const mini = new MiniSearch<IndexedFields>({
    fields: ["title", "abstract", "authors"],
    storeFields: [],
    tokenize: (text) => words(text),
    processTerm: (term) => {
      const folded = foldText(term);
      return folded.length < 2 || STOP_WORDS.has(folded) ? null : folded;
    },
    searchOptions: {
      boost: { title: 2.5, authors: 1.5 },
      prefix: (term) => term.length >= 3,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      maxFuzzy: 2,
      weights: { fuzzy: 0.45, prefix: 0.35 },
    },
  });

  const toDocument = (paper: Paper): IndexedFields => ({
    id: paper.id,
    title: paper.title,
    abstract: paper.abstract,
    authors: paper.authors.join(" "),
  });

  function filterFor(query: ParsedQuery): ((paper: StoredPaper) => boolean) | undefined {
    const since = query.filters.since?.getTime();
    const author = query.filters.author ? createAuthorMatcher(query.filters.author) : undefined;
    if (since === undefined && author === undefined) return undefined;
    return (paper) => (since === undefined || paper.time >= since) && (author === undefined || author(paper.foldedAuthors));
  }

  return {
    get size() {
      return papers.size;
    },

    upsert(batch) {
      for (const paper of batch) {
        const document = toDocument(paper);
        if (mini.has(paper.id)) mini.replace(document);
        else mini.add(document);
        papers.set(paper.id, {
          id: paper.id,
          title: paper.title,
          abstract: paper.abstract,
          authors: paper.authors,
          foldedAuthors: foldAuthors(paper.authors),
          time: paperTime(paper),
        });
      }
    },

    async search(query, limit) {
      const keep = filterFor(query);
      if (query.text.trim() === "") {
        if (!keep) return [];
        return [...papers.values()]
          .filter(keep)
          .sort((a, b) => b.time - a.time)
          .slice(0, limit)
          .map((paper) => ({ id: paper.id, score: 0, snippet: makeSnippet(paper.abstract, () => false) }));
      }
      const filter = keep
        ? (result: { id: unknown }) => {
            const paper = papers.get(String(result.id));
            return paper !== undefined && keep(paper);
          }
        : undefined;
      let results = mini.search(query.text, { combineWith: "AND", ...(filter ? { filter } : {}) });
      if (results.length === 0) results = mini.search(query.text, { combineWith: "OR", ...(filter ? { filter } : {}) });
      const hits: SearchHit[] = [];
      for (const result of results.slice(0, limit)) {
        const paper = papers.get(String(result.id));
        if (!paper) continue;
        const matched = new Set(result.terms);
        hits.push({ id: paper.id, score: result.score, snippet: makeSnippet(paper.abstract, (word) => matched.has(word)) });
      }
      return hits;
    },

    suggest(prefix, limit) {
      const text = prefix.trim();
      if (!text) return [];
      return mini
        .search(text, { prefix: true, fuzzy: false, combineWith: "AND", fields: ["title"] })
        .slice(0, limit)
        .flatMap((result) => {
          const paper = papers.get(String(result.id));
          return paper ? [{ id: paper.id, title: paper.title }] : [];
        });
    },
  };
}
