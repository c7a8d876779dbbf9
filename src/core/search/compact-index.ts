/**
 * paperboy's own search engine, built because MiniSearch's cost grows with
 * the corpus: it scores every matching document through Maps and objects, so
 * at 100k papers a long query takes seconds and the index holds a gigabyte
 * (see bench/README.md for the measurements). This index keeps the same
 * behaviour (BM25 over title, abstract and authors with the title boosted,
 * prefixes from three letters, one typo from five, stop words out) in flat
 * memory:
 *
 * - terms are interned once; each term's postings are one growable byte array
 *   of varint slot gaps and a one-byte impact (the BM25 term-frequency part,
 *   quantised), about three bytes a posting;
 * - a query is scored term at a time into dense typed-array accumulators, so
 *   no per-document object is ever allocated, and only the touched slots are
 *   visited to pick the top k with a small heap;
 * - typos are found through a hashed deletion neighbourhood (SymSpell): every
 *   term of four letters or more is filed under each string it becomes when
 *   one letter is deleted, and candidates are checked with an edit distance;
 * - prefixes come from a sorted copy of the vocabulary, merged lazily.
 *
 * A paper upserted again gets a fresh slot and its old slot is marked dead;
 * dead postings are dropped by a compaction once they are a quarter of the
 * index. A re-upsert that changes nothing searchable only updates the date.
 */
import type { Paper } from "../types.js";
import { createAuthorMatcher, foldAuthors, paperTime } from "./paper-filters.js";
import type { ParsedQuery } from "./query.js";
import { makeSnippet } from "./snippet.js";
import { foldText, STOP_WORDS, searchTerms, words } from "./text.js";
import type { PaperIndex, SearchHit } from "./types.js";

const K1 = 1.2;
const B = 0.75;
/** Each field is scored with its own BM25 and boosted, as MiniSearch does, so a word in a short title weighs more than repeats in an abstract. */
const TITLE_BOOST = 2.5;
const ABSTRACT_BOOST = 1;
const AUTHOR_BOOST = 1.5;
/** Impacts are stored as bytes: 255 stands for every field at the BM25 ceiling k1 + 1. */
const IMPACT_SCALE = 255 / ((TITLE_BOOST + ABSTRACT_BOOST + AUTHOR_BOOST) * (K1 + 1));
const MAX_QUERY_WORDS = 24;
const MAX_PREFIX_EXPANSIONS = 24;
const MAX_FUZZY_EXPANSIONS = 16;
const MIN_PREFIX = 3;
const MIN_FUZZY = 5;
const MIN_DELETE_INDEXED = 4;
const NON_ASCII = /[^\x00-\x7f]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const EMPTY_POSTINGS = new Uint8Array(0);

export interface CompactIndexStats {
  papers: number;
  slots: number;
  terms: number;
  postingBytes: number;
  /** Characters of abstracts held for snippets (0 when they are loaded on demand). */
  abstractChars: number;
}

export interface CompactPaperIndex extends PaperIndex {
  stats(): CompactIndexStats;
  /** Expansions scored, postings read and papers touched by the last search. */
  lastQueryCost(): { expansions: number; postings: number; touched: number };
}

interface Expansion {
  term: number;
  weight: number;
  word: number;
}

export interface CompactIndexOptions {
  /**
   * Where snippets get their abstracts. Without it the index keeps every
   * abstract in memory (about 1.4 KB a paper); with it, the index keeps none
   * and asks for the abstracts of the hits it returns (one lookup by id).
   */
  loadAbstracts?: ((ids: readonly string[]) => Promise<ReadonlyMap<string, string>>) | undefined;
}

export function createCompactIndex(options: CompactIndexOptions = {}): CompactPaperIndex {
  // ---- documents, by slot ----
  let capacity = 1024;
  let slotCount = 0;
  let liveCount = 0;
  let alive = new Uint8Array(capacity);
  let docTime = new Float64Array(capacity);
  let paperIds: string[] = [];
  let titles: string[] = [];
  let authorLists: string[][] = [];
  let foldedAuthorLists: string[][] = [];
  const slotOf = new Map<string, number>();
  // Field lengths summed over live papers, for BM25's length normalisation.
  const fieldLengthSum = [0, 0, 0];
  let fieldLengths: number[][] = [];
  /** A hash of each abstract, so a re-upsert can tell "same text" without keeping the text. */
  let abstractHashes: number[] = [];

  // ---- scratch for scoring, sized with the slots ----
  let accumulator = new Float32Array(capacity);
  let wordMask = new Uint32Array(capacity);
  let touched = new Int32Array(capacity);

  // ---- abstracts for snippets, unless the caller loads them on demand ----
  const loadAbstracts = options.loadAbstracts;
  let abstracts: string[] = [];
  let abstractChars = 0;

  // ---- vocabulary: an open-addressing table of term ids keyed by FNV hash, so that
  // a word can be looked up straight from the text it sits in without slicing it ----
  let termTable = new Int32Array(1 << 16).fill(-1);
  let termStrings: string[] = [];
  let termCapacity = 1024;
  let postings: Uint8Array[] = [];
  let postingLength = new Int32Array(termCapacity);
  let lastSlot = new Int32Array(termCapacity);
  let documentFrequency = new Int32Array(termCapacity);
  let termHash = new Uint32Array(termCapacity);
  /** Stop words sit in the table too, flagged, so the tokenizer can skip them after one lookup. */
  let isStopWord = new Uint8Array(termCapacity);
  let postingBytes = 0;

  // ---- prefix lookups: a sorted vocabulary plus terms added since it was sorted ----
  let sortedTerms: string[] = [];
  let unsortedTerms: string[] = [];

  // ---- typo lookups: hash(one-deletion variant) → term, chained ----
  let deleteBuckets = new Int32Array(1 << 14).fill(-1);
  let deleteHash = new Uint32Array(1 << 14);
  let deleteTerm = new Int32Array(1 << 14);
  let deleteNext = new Int32Array(1 << 14);
  let deleteCount = 0;

  // ---- per-paper scratch while indexing: term frequency by field ----
  let fieldFrequency = [new Float32Array(termCapacity), new Float32Array(termCapacity), new Float32Array(termCapacity)];
  let seenInPaper = new Uint8Array(termCapacity);
  const docTerms: number[] = [];
  let tokenBuffer = new Int32Array(4096);

  function growSlots(needed: number): void {
    if (needed <= capacity) return;
    let next = capacity;
    while (next < needed) next *= 2;
    const grow = <T extends Float64Array | Float32Array | Int32Array | Uint8Array | Uint32Array>(array: T, make: (n: number) => T): T => {
      const bigger = make(next);
      bigger.set(array);
      return bigger;
    };
    alive = grow(alive, (n) => new Uint8Array(n));
    docTime = grow(docTime, (n) => new Float64Array(n));
    accumulator = new Float32Array(next);
    wordMask = new Uint32Array(next);
    touched = new Int32Array(next);
    capacity = next;
  }

  function growTerms(needed: number): void {
    if (needed <= termCapacity) return;
    let next = termCapacity;
    while (next < needed) next *= 2;
    const copy = <T extends Int32Array | Float32Array>(array: T, make: (n: number) => T): T => {
      const bigger = make(next);
      bigger.set(array);
      return bigger;
    };
    postingLength = copy(postingLength, (n) => new Int32Array(n));
    lastSlot = copy(lastSlot, (n) => new Int32Array(n));
    documentFrequency = copy(documentFrequency, (n) => new Int32Array(n));
    const hashes = new Uint32Array(next);
    hashes.set(termHash);
    termHash = hashes;
    const stops = new Uint8Array(next);
    stops.set(isStopWord);
    isStopWord = stops;
    fieldFrequency = fieldFrequency.map((array) => copy(array, (n) => new Float32Array(n)));
    const seen = new Uint8Array(next);
    seen.set(seenInPaper);
    seenInPaper = seen;
    termCapacity = next;
  }

  function findTerm(term: string): number | undefined {
    const hash = hashString(term);
    const mask = termTable.length - 1;
    for (let bucket = hash & mask; ; bucket = (bucket + 1) & mask) {
      const id = termTable[bucket] as number;
      if (id < 0) return undefined;
      if (termHash[id] === hash && termStrings[id] === term) return isStopWord[id] ? undefined : id;
    }
  }

  function internTerm(term: string, hash = hashString(term)): number {
    const mask = termTable.length - 1;
    let bucket = hash & mask;
    for (; ; bucket = (bucket + 1) & mask) {
      const id = termTable[bucket] as number;
      if (id < 0) break;
      if (termHash[id] === hash && termStrings[id] === term) return id;
    }
    return addTerm(term, hash, bucket);
  }

  function addTerm(term: string, hash: number, bucket: number): number {
    const id = termStrings.length;
    growTerms(id + 1);
    termStrings.push(term);
    termHash[id] = hash;
    termTable[bucket] = id;
    postings.push(EMPTY_POSTINGS);
    unsortedTerms.push(term);
    if (term.length >= MIN_DELETE_INDEXED && !/^\d+$/.test(term)) {
      for (let at = 0; at < term.length; at++) addDelete(hashString(term.slice(0, at) + term.slice(at + 1)), id);
    }
    // Keep the table at most half full so probes stay short.
    if (termStrings.length * 2 > termTable.length) {
      const size = termTable.length * 2;
      termTable = new Int32Array(size).fill(-1);
      for (let known = 0; known < termStrings.length; known++) {
        let slot = (termHash[known] as number) & (size - 1);
        while ((termTable[slot] as number) >= 0) slot = (slot + 1) & (size - 1);
        termTable[slot] = known;
      }
    }
    return id;
  }

  for (const word of STOP_WORDS) isStopWord[internTerm(word)] = 1;

  /**
   * The terms of a lower-cased or ASCII `text` (stop words and single letters
   * out) as term ids written into `tokenBuffer`; returns how many. Equivalent
   * to `searchTerms` + `internTerm`, without creating a string for any word the
   * vocabulary already knows: at 100k papers this loop sees 14 million words.
   */
  function tokenizeInto(text: string): number {
    let count = 0;
    let start = -1;
    let hash = 0;
    const length = text.length;
    // Locals, not closure variables, so the JIT keeps them in registers; reloaded when addTerm grows the table.
    let table = termTable;
    let hashes = termHash;
    let strings = termStrings;
    let stop = isStopWord;
    let buffer = tokenBuffer;
    for (let at = 0; at <= length; at++) {
      let code = at < length ? text.charCodeAt(at) : 32;
      if (code >= 65 && code <= 90) code += 32;
      if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code > 127 && LETTER_OR_DIGIT.test(text[at] as string))) {
        if (start < 0) {
          start = at;
          hash = 0x811c9dc5;
        }
        hash = Math.imul(hash ^ code, 0x01000193);
        continue;
      }
      if (start < 0) continue;
      const wordLength = at - start;
      if (wordLength > 1) {
        const unsigned = hash >>> 0;
        const mask = table.length - 1;
        let bucket = unsigned & mask;
        let found = -1;
        for (; ; bucket = (bucket + 1) & mask) {
          const id = table[bucket] as number;
          if (id < 0) break;
          if (hashes[id] !== unsigned) continue;
          const known = strings[id] as string;
          if (known.length !== wordLength) continue;
          let same = true;
          for (let offset = 0; offset < wordLength; offset++) {
            let char = text.charCodeAt(start + offset);
            if (char >= 65 && char <= 90) char += 32;
            if (char !== known.charCodeAt(offset)) {
              same = false;
              break;
            }
          }
          if (same) {
            found = id;
            break;
          }
        }
        if (found < 0) {
          found = addTerm(text.slice(start, at).toLowerCase(), unsigned, bucket);
          table = termTable;
          hashes = termHash;
          strings = termStrings;
          stop = isStopWord;
        }
        if (stop[found] === 0) {
          if (count === buffer.length) {
            const bigger = new Int32Array(buffer.length * 2);
            bigger.set(buffer);
            buffer = bigger;
            tokenBuffer = bigger;
          }
          buffer[count++] = found;
        }
      }
      start = -1;
    }
    return count;
  }

  function tokenize(text: string): number {
    // Folding (accents off, lower case) is only needed, and only paid for, when the text is not plain ASCII.
    return tokenizeInto(NON_ASCII.test(text) ? foldText(text) : text);
  }

  function addDelete(hash: number, term: number): void {
    if (deleteCount === deleteHash.length) {
      const size = deleteHash.length * 2;
      const hashes = new Uint32Array(size);
      hashes.set(deleteHash);
      deleteHash = hashes;
      const terms = new Int32Array(size);
      terms.set(deleteTerm);
      deleteTerm = terms;
      deleteNext = new Int32Array(size);
      deleteBuckets = new Int32Array(size).fill(-1);
      // Rehash every entry into the wider bucket table.
      for (let entry = 0; entry < deleteCount; entry++) {
        const bucket = (deleteHash[entry] ?? 0) & (size - 1);
        deleteNext[entry] = deleteBuckets[bucket] ?? -1;
        deleteBuckets[bucket] = entry;
      }
    }
    const entry = deleteCount++;
    deleteHash[entry] = hash;
    deleteTerm[entry] = term;
    const bucket = hash & (deleteBuckets.length - 1);
    deleteNext[entry] = deleteBuckets[bucket] ?? -1;
    deleteBuckets[bucket] = entry;
  }

  // Postings of an upsert batch wait here and are written term by term: appending
  // to 60,000 scattered arrays in text order misses the cache on nearly every write.
  let pendingTerm = new Int32Array(1 << 16);
  let pendingSlot = new Int32Array(1 << 16);
  let pendingImpact = new Uint8Array(1 << 16);
  let pendingCount = 0;

  function queuePosting(term: number, slot: number, impact: number): void {
    if (pendingCount === pendingTerm.length) {
      const size = pendingTerm.length * 2;
      const terms = new Int32Array(size);
      terms.set(pendingTerm);
      pendingTerm = terms;
      const slots = new Int32Array(size);
      slots.set(pendingSlot);
      pendingSlot = slots;
      const impacts = new Uint8Array(size);
      impacts.set(pendingImpact);
      pendingImpact = impacts;
    }
    pendingTerm[pendingCount] = term;
    pendingSlot[pendingCount] = slot;
    pendingImpact[pendingCount] = impact;
    pendingCount += 1;
  }

  function flushPostings(): void {
    const count = pendingCount;
    pendingCount = 0;
    const termCount = termStrings.length;
    if (count < 4096 || count * 8 < termCount) {
      for (let at = 0; at < count; at++) {
        appendPosting(pendingTerm[at] as number, pendingSlot[at] as number, pendingImpact[at] as number);
      }
      return;
    }
    // A stable counting sort by term keeps each term's slots increasing, as the gaps require.
    const cursor = new Int32Array(termCount + 1);
    for (let at = 0; at < count; at++) {
      const term = (pendingTerm[at] as number) + 1;
      cursor[term] = (cursor[term] as number) + 1;
    }
    for (let term = 0; term < termCount; term++) cursor[term + 1] = (cursor[term + 1] as number) + (cursor[term] as number);
    const order = new Int32Array(count);
    for (let at = 0; at < count; at++) {
      const term = pendingTerm[at] as number;
      const position = cursor[term] as number;
      cursor[term] = position + 1;
      order[position] = at;
    }
    for (let next = 0; next < count; next++) {
      const at = order[next] as number;
      appendPosting(pendingTerm[at] as number, pendingSlot[at] as number, pendingImpact[at] as number);
    }
  }

  function appendPosting(term: number, slot: number, impact: number): void {
    let bytes = postings[term] as Uint8Array;
    let length = postingLength[term] ?? 0;
    if (length + 6 > bytes.length) {
      const bigger = new Uint8Array(Math.max(8, bytes.length * 2));
      bigger.set(bytes.subarray(0, length));
      postingBytes += bigger.length - bytes.length;
      bytes = bigger;
      postings[term] = bytes;
    }
    let gap = slot - (lastSlot[term] ?? 0);
    while (gap >= 0x80) {
      bytes[length++] = (gap & 0x7f) | 0x80;
      gap >>>= 7;
    }
    bytes[length++] = gap;
    bytes[length++] = impact;
    postingLength[term] = length;
    lastSlot[term] = slot;
    documentFrequency[term] = (documentFrequency[term] ?? 0) + 1;
  }

  function sameSearchableText(slot: number, paper: Paper): boolean {
    return (
      titles[slot] === paper.title &&
      (authorLists[slot] ?? []).join("\u0000") === paper.authors.join("\u0000") &&
      abstractHashes[slot] === hashString(paper.abstract) &&
      (loadAbstracts !== undefined || abstracts[slot] === paper.abstract)
    );
  }

  function addPaper(paper: Paper): void {
    const previous = slotOf.get(paper.id);
    if (previous !== undefined) {
      if (sameSearchableText(previous, paper)) {
        docTime[previous] = paperTime(paper);
        return;
      }
      alive[previous] = 0;
      liveCount -= 1;
      (fieldLengths[previous] ?? []).forEach((length, field) => {
        fieldLengthSum[field] = (fieldLengthSum[field] ?? 0) - length;
      });
    }
    const slot = slotCount++;
    growSlots(slotCount);

    // Hot path at start (every paper passes here): plain loops, no closures.
    docTerms.length = 0;
    const lengths = [0, 0, 0];
    const texts = [paper.title, paper.abstract, paper.authors.join(" ")];
    for (let field = 0; field < 3; field++) {
      const count = tokenize(texts[field] as string);
      const frequency = fieldFrequency[field] as Float32Array;
      for (let at = 0; at < count; at++) {
        const id = tokenBuffer[at] as number;
        if (seenInPaper[id] === 0) {
          seenInPaper[id] = 1;
          docTerms.push(id);
        }
        frequency[id] = (frequency[id] as number) + 1;
      }
      lengths[field] = count;
      fieldLengthSum[field] = (fieldLengthSum[field] as number) + count;
    }
    fieldLengths[slot] = lengths;

    const titleFrequency = fieldFrequency[0] as Float32Array;
    const abstractFrequency = fieldFrequency[1] as Float32Array;
    const authorFrequency = fieldFrequency[2] as Float32Array;
    const norm = (field: number) =>
      K1 * (1 - B + (B * (lengths[field] as number)) / ((fieldLengthSum[field] as number) / (liveCount + 1) || 1));
    const titleNorm = norm(0);
    const abstractNorm = norm(1);
    const authorNorm = norm(2);
    for (let at = 0; at < docTerms.length; at++) {
      const id = docTerms[at] as number;
      const inTitle = titleFrequency[id] as number;
      const inAbstract = abstractFrequency[id] as number;
      const inAuthors = authorFrequency[id] as number;
      let score = 0;
      if (inTitle > 0) score += (TITLE_BOOST * inTitle * (K1 + 1)) / (inTitle + titleNorm);
      if (inAbstract > 0) score += (ABSTRACT_BOOST * inAbstract * (K1 + 1)) / (inAbstract + abstractNorm);
      if (inAuthors > 0) score += (AUTHOR_BOOST * inAuthors * (K1 + 1)) / (inAuthors + authorNorm);
      titleFrequency[id] = 0;
      abstractFrequency[id] = 0;
      authorFrequency[id] = 0;
      seenInPaper[id] = 0;
      queuePosting(id, slot, Math.max(1, Math.min(255, Math.round(score * IMPACT_SCALE))));
    }

    alive[slot] = 1;
    docTime[slot] = paperTime(paper);
    paperIds[slot] = paper.id;
    titles[slot] = paper.title;
    authorLists[slot] = paper.authors;
    foldedAuthorLists[slot] = foldAuthors(paper.authors);
    abstractHashes[slot] = hashString(paper.abstract);
    if (!loadAbstracts) {
      abstracts[slot] = paper.abstract;
      abstractChars += paper.abstract.length;
    }
    slotOf.set(paper.id, slot);
    liveCount += 1;
  }

  /** Drops dead slots: renumbers the live ones and rewrites every posting list and the abstract store. */
  function compact(): void {
    const newSlot = new Int32Array(slotCount).fill(-1);
    let next = 0;
    for (let slot = 0; slot < slotCount; slot++) if (alive[slot]) newSlot[slot] = next++;

    for (let term = 0; term < termStrings.length; term++) {
      const bytes = postings[term] as Uint8Array;
      const end = postingLength[term] ?? 0;
      const out = new Uint8Array(Math.max(4, end));
      let read = 0;
      let write = 0;
      let slot = 0;
      let previous = 0;
      let frequency = 0;
      while (read < end) {
        let byte = bytes[read++] as number;
        let gap = byte & 0x7f;
        let shift = 7;
        while (byte & 0x80) {
          byte = bytes[read++] as number;
          gap |= (byte & 0x7f) << shift;
          shift += 7;
        }
        slot += gap;
        const impact = bytes[read++] as number;
        const renumbered = newSlot[slot] ?? -1;
        if (renumbered < 0) continue;
        let delta = renumbered - previous;
        while (delta >= 0x80) {
          out[write++] = (delta & 0x7f) | 0x80;
          delta >>>= 7;
        }
        out[write++] = delta;
        out[write++] = impact;
        previous = renumbered;
        frequency += 1;
      }
      postingBytes += out.length - bytes.length;
      postings[term] = out;
      postingLength[term] = write;
      lastSlot[term] = previous;
      documentFrequency[term] = frequency;
    }

    const keptTimes = docTime;
    const keptAlive = alive;
    const keptIds = paperIds;
    const keptTitles = titles;
    const keptAuthors = authorLists;
    const keptFolded = foldedAuthorLists;
    const keptLengths = fieldLengths;
    const keptAbstracts = abstracts;
    const keptAbstractHashes = abstractHashes;
    capacity = Math.max(1024, next);
    alive = new Uint8Array(capacity);
    docTime = new Float64Array(capacity);
    accumulator = new Float32Array(capacity);
    wordMask = new Uint32Array(capacity);
    touched = new Int32Array(capacity);
    paperIds = [];
    titles = [];
    authorLists = [];
    foldedAuthorLists = [];
    fieldLengths = [];
    abstracts = [];
    abstractHashes = [];
    abstractChars = 0;
    for (let slot = 0; slot < slotCount; slot++) {
      const renumbered = newSlot[slot] ?? -1;
      if (renumbered < 0 || !keptAlive[slot]) continue;
      alive[renumbered] = 1;
      docTime[renumbered] = keptTimes[slot] ?? 0;
      const id = keptIds[slot] as string;
      paperIds[renumbered] = id;
      titles[renumbered] = keptTitles[slot] as string;
      authorLists[renumbered] = keptAuthors[slot] as string[];
      foldedAuthorLists[renumbered] = keptFolded[slot] as string[];
      fieldLengths[renumbered] = keptLengths[slot] as number[];
      abstractHashes[renumbered] = keptAbstractHashes[slot] as number;
      if (!loadAbstracts) {
        abstracts[renumbered] = keptAbstracts[slot] as string;
        abstractChars += (keptAbstracts[slot] as string).length;
      }
      slotOf.set(id, renumbered);
    }
    slotCount = next;
  }

  function sortedVocabulary(): string[] {
    if (unsortedTerms.length > 0) {
      const added = unsortedTerms.sort();
      unsortedTerms = [];
      if (sortedTerms.length === 0) {
        sortedTerms = added;
      } else {
        const merged: string[] = new Array(sortedTerms.length + added.length);
        let a = 0;
        let b = 0;
        let out = 0;
        while (a < sortedTerms.length && b < added.length) {
          merged[out++] = (sortedTerms[a] as string) < (added[b] as string) ? (sortedTerms[a++] as string) : (added[b++] as string);
        }
        while (a < sortedTerms.length) merged[out++] = sortedTerms[a++] as string;
        while (b < added.length) merged[out++] = added[b++] as string;
        sortedTerms = merged;
      }
    }
    return sortedTerms;
  }

  function prefixExpansions(
    prefix: string,
    word: number,
    into: Map<number, Expansion>,
    limit = MAX_PREFIX_EXPANSIONS,
    maxExtra = Number.POSITIVE_INFINITY,
  ): void {
    const vocabulary = sortedVocabulary();
    let low = 0;
    let high = vocabulary.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((vocabulary[middle] as string) < prefix) low = middle + 1;
      else high = middle;
    }
    const found: number[] = [];
    for (let at = low; at < vocabulary.length; at++) {
      const term = vocabulary[at] as string;
      if (!term.startsWith(prefix)) break;
      if (term.length === prefix.length || term.length - prefix.length > maxExtra) continue;
      const id = findTerm(term);
      if (id !== undefined) found.push(id);
    }
    // A short prefix can open thousands of terms: keep the ones that matter most.
    if (found.length > limit) {
      found.sort((x, y) => (documentFrequency[y] ?? 0) - (documentFrequency[x] ?? 0));
      found.length = limit;
    }
    for (const term of found) {
      const extra = (termStrings[term] as string).length - prefix.length;
      offer(into, { term, word, weight: Math.max(0.2, Math.min(0.85, 1 - 0.15 * extra)) });
    }
  }

  function fuzzyExpansions(query: string, word: number, exists: boolean, into: Map<number, Expansion>): void {
    const maxDistance = query.length >= 9 ? 2 : 1;
    const candidates = new Set<number>();
    const lookup = (variant: string) => {
      const hash = hashString(variant);
      for (let entry = deleteBuckets[hash & (deleteBuckets.length - 1)] ?? -1; entry >= 0; entry = deleteNext[entry] ?? -1) {
        if (deleteHash[entry] === hash) candidates.add(deleteTerm[entry] ?? 0);
      }
    };
    lookup(query);
    for (let at = 0; at < query.length; at++) {
      const variant = query.slice(0, at) + query.slice(at + 1);
      const direct = findTerm(variant);
      if (direct !== undefined) candidates.add(direct);
      lookup(variant);
    }
    const found: Array<{ term: number; distance: number }> = [];
    for (const term of candidates) {
      const text = termStrings[term] as string;
      if (text === query) continue;
      const distance = editDistance(query, text, maxDistance);
      if (distance <= maxDistance) found.push({ term, distance });
    }
    found.sort((x, y) => x.distance - y.distance || (documentFrequency[y.term] ?? 0) - (documentFrequency[x.term] ?? 0));
    // A word the corpus knows is probably not a typo: its neighbours only nudge.
    const base = exists ? 0.2 : 0.55;
    for (const { term, distance } of found.slice(0, MAX_FUZZY_EXPANSIONS)) {
      offer(into, { term, word, weight: distance === 1 ? base : base * 0.6 });
    }
  }

  /**
   * The terms a query's words stand for, each tagged with the word it came
   * from. Typo and prefix variants cost postings, so they are spent where they
   * help: a word the corpus knows well is not a typo; only the last word of a
   * query is taken as a bare prefix (earlier ones reach just their inflections);
   * a pasted phrase is matched on its words as written; and in a long query, a
   * word found in a third of all papers says little and is dropped.
   */
  function expand(queryWords: string[]): { expansions: Expansion[]; wordCount: number } {
    const expansions = new Map<number, Expansion>();
    const long = queryWords.length >= 4;
    const known = queryWords.map((text) => findTerm(text));
    // Only in a large corpus: in a few hundred papers on one field, its main word is "common" and still the point.
    const common = (at: number) => {
      const term = known[at];
      return liveCount >= 5000 && term !== undefined && (documentFrequency[term] ?? 0) * 3 > liveCount;
    };
    const rare = queryWords.filter((_text, at) => !common(at)).length;
    let word = 0;
    queryWords.forEach((text, at) => {
      const exact = known[at];
      if (long && rare >= 2 && common(at)) return;
      const isLast = at === queryWords.length - 1;
      const frequency = exact === undefined ? 0 : (documentFrequency[exact] ?? 0);
      if (exact !== undefined) offer(expansions, { term: exact, word, weight: 1 });
      if (text.length >= MIN_PREFIX && (!long || exact === undefined)) {
        prefixExpansions(text, word, expansions, isLast ? MAX_PREFIX_EXPANSIONS : 6, isLast && !long ? Number.POSITIVE_INFINITY : 3);
      }
      if (text.endsWith("s") && text.length >= 4) {
        const singular = findTerm(text.slice(0, -1));
        if (singular !== undefined) offer(expansions, { term: singular, word, weight: 0.85 });
      }
      if (text.length >= MIN_FUZZY && frequency < 5 && !/^\d+$/.test(text)) {
        fuzzyExpansions(text, word, exact !== undefined, expansions);
      }
      word += 1;
    });
    return { expansions: [...expansions.values()], wordCount: word };
  }

  function idf(term: number): number {
    const frequency = documentFrequency[term] ?? 0;
    return Math.log(1 + (liveCount - frequency + 0.5) / (frequency + 0.5));
  }

  /** Scores every slot the expansions touch into the accumulators; returns how many slots were touched. */
  function accumulate(expansions: readonly Expansion[]): number {
    let touchedCount = 0;
    lastQuery.expansions = expansions.length;
    lastQuery.postings = 0;
    for (const { term, weight, word } of expansions) {
      const factor = (idf(term) * weight) / IMPACT_SCALE;
      const bit = 1 << word;
      const bytes = postings[term] as Uint8Array;
      const end = postingLength[term] ?? 0;
      lastQuery.postings += documentFrequency[term] ?? 0;
      let read = 0;
      let slot = 0;
      while (read < end) {
        let byte = bytes[read++] as number;
        let gap = byte & 0x7f;
        let shift = 7;
        while (byte & 0x80) {
          byte = bytes[read++] as number;
          gap |= (byte & 0x7f) << shift;
          shift += 7;
        }
        slot += gap;
        const impact = bytes[read++] as number;
        if (alive[slot] === 0) continue;
        const mask = wordMask[slot] as number;
        if (mask === 0) touched[touchedCount++] = slot;
        wordMask[slot] = mask | bit;
        accumulator[slot] = (accumulator[slot] as number) + impact * factor;
      }
    }
    lastQuery.touched = touchedCount;
    return touchedCount;
  }

  function createFilter(query: ParsedQuery): ((slot: number) => boolean) | undefined {
    const since = query.filters.since?.getTime();
    const author = query.filters.author ? createAuthorMatcher(query.filters.author) : undefined;
    if (since === undefined && author === undefined) return undefined;
    return (slot) =>
      (since === undefined || (docTime[slot] ?? 0) >= since) && (author === undefined || author(foldedAuthorLists[slot] ?? []));
  }

  /** The best `limit` slots by score among those touched, read and cleared in one pass. */
  function topSlots(
    touchedCount: number,
    wordCount: number,
    limit: number,
    keep: ((slot: number) => boolean) | undefined,
  ): Array<{ slot: number; score: number }> {
    const heap = createTopHeap(limit);
    for (let at = 0; at < touchedCount; at++) {
      const slot = touched[at] as number;
      const matched = popcount(wordMask[slot] as number);
      // Papers that contain every word come first; each missing word costs a lot.
      const coverage = matched / wordCount;
      const score = (accumulator[slot] as number) * coverage * coverage;
      accumulator[slot] = 0;
      wordMask[slot] = 0;
      if (!heap.wouldAccept(score, docTime[slot] ?? 0)) continue;
      if (keep && !keep(slot)) continue;
      heap.push(slot, score, docTime[slot] ?? 0);
    }
    return heap.sorted();
  }

  function newestSlots(limit: number, keep: (slot: number) => boolean): Array<{ slot: number; score: number }> {
    const heap = createTopHeap(limit);
    for (let slot = 0; slot < slotCount; slot++) {
      if (alive[slot] === 0) continue;
      const time = docTime[slot] ?? 0;
      if (!heap.wouldAccept(time, time) || !keep(slot)) continue;
      heap.push(slot, time, time);
    }
    return heap.sorted().map(({ slot }) => ({ slot, score: 0 }));
  }

  /** What the last query cost, for the benchmark's profile of slow queries. */
  const lastQuery = { expansions: 0, postings: 0, touched: 0 };

  async function withSnippets(best: Array<{ slot: number; score: number }>, matched: ReadonlySet<string>): Promise<SearchHit[]> {
    const ids = best.map(({ slot }) => paperIds[slot] as string);
    const loaded = loadAbstracts && ids.length > 0 ? await loadAbstracts(ids) : undefined;
    return best.map(({ slot, score }, at) => {
      const abstract = loaded ? (loaded.get(ids[at] as string) ?? "") : (abstracts[slot] ?? "");
      return { id: ids[at] as string, score, snippet: makeSnippet(abstract, (word) => matched.has(word)) };
    });
  }

  return {
    get size() {
      return liveCount;
    },

    upsert(batch) {
      for (const paper of batch) addPaper(paper);
      flushPostings();
      const dead = slotCount - liveCount;
      if (dead > 1000 && dead * 4 > slotCount) compact();
    },

    async search(query, limit) {
      if (limit <= 0) return [];
      const keep = createFilter(query);
      const queryWords = [...new Set(searchTerms(query.text))].slice(0, MAX_QUERY_WORDS);
      if (queryWords.length === 0) {
        if (!keep || words(query.text).length > 0) return [];
        return withSnippets(newestSlots(limit, keep), new Set());
      }
      const { expansions, wordCount } = expand(queryWords);
      if (expansions.length === 0) return [];
      const touchedCount = accumulate(expansions);
      const best = topSlots(touchedCount, wordCount, limit, keep);
      return withSnippets(best, new Set(expansions.map((expansion) => termStrings[expansion.term] as string)));
    },

    suggest(prefix, limit) {
      const typed = words(prefix);
      if (typed.length === 0 || limit <= 0) return [];
      const last = typed[typed.length - 1] as string;
      const earlier = typed.slice(0, -1).filter((word) => word.length > 1);
      const expansions = new Map<number, Expansion>();
      earlier.forEach((word, index) => {
        const term = findTerm(word);
        if (term !== undefined) offer(expansions, { term, word: index, weight: 1 });
      });
      const lastWord = earlier.length;
      const exact = findTerm(last);
      if (exact !== undefined) offer(expansions, { term: exact, word: lastWord, weight: 1 });
      prefixExpansions(last, lastWord, expansions);
      const touchedCount = accumulate([...expansions.values()]);
      const candidates = topSlots(touchedCount, lastWord + 1, Math.max(50, limit * 5), undefined);
      const out: Array<{ id: string; title: string }> = [];
      for (const { slot } of candidates) {
        const title = titles[slot] as string;
        const titleWords = words(title);
        const fits =
          earlier.every((word) => titleWords.includes(word)) && titleWords.some((word) => word.startsWith(last));
        if (fits) out.push({ id: paperIds[slot] as string, title });
        if (out.length === limit) break;
      }
      return out;
    },

    lastQueryCost() {
      return { ...lastQuery };
    },

    stats() {
      return { papers: liveCount, slots: slotCount, terms: termStrings.length, postingBytes, abstractChars };
    },
  };
}

function offer(into: Map<number, Expansion>, expansion: Expansion): void {
  const known = into.get(expansion.term);
  if (!known || known.weight < expansion.weight) into.set(expansion.term, expansion);
}

function popcount(value: number): number {
  let bits = value - ((value >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return (((bits + (bits >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** FNV-1a over UTF-16 code units. Collisions only cost an extra edit-distance check. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let at = 0; at < text.length; at++) {
    hash ^= text.charCodeAt(at);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Optimal string alignment distance (a swap of neighbours counts once), giving up above `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  let before = new Array<number>(width).fill(0);
  let previous = new Array<number>(width);
  let current = new Array<number>(width);
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < width; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        value = Math.min(value, (before[j - 2] as number) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length] as number;
}

/** A fixed-size min-heap keeping the `size` best (score, then newer) entries. */
function createTopHeap(size: number) {
  const slots: number[] = [];
  const scores: number[] = [];
  const times: number[] = [];
  const worse = (i: number, j: number) =>
    (scores[i] as number) < (scores[j] as number) ||
    ((scores[i] as number) === (scores[j] as number) && (times[i] as number) < (times[j] as number));
  const swap = (i: number, j: number) => {
    [slots[i], slots[j]] = [slots[j] as number, slots[i] as number];
    [scores[i], scores[j]] = [scores[j] as number, scores[i] as number];
    [times[i], times[j]] = [times[j] as number, times[i] as number];
  };
  const siftDown = (start: number) => {
    let at = start;
    for (;;) {
      const left = at * 2 + 1;
      const right = left + 1;
      let smallest = at;
      if (left < slots.length && worse(left, smallest)) smallest = left;
      if (right < slots.length && worse(right, smallest)) smallest = right;
      if (smallest === at) return;
      swap(at, smallest);
      at = smallest;
    }
  };
  return {
    wouldAccept(score: number, time: number): boolean {
      if (score <= 0 && slots.length > 0) return false;
      if (slots.length < size) return true;
      const lowest = scores[0] as number;
      return score > lowest || (score === lowest && time > (times[0] as number));
    },
    push(slot: number, score: number, time: number): void {
      if (slots.length < size) {
        slots.push(slot);
        scores.push(score);
        times.push(time);
        let at = slots.length - 1;
        while (at > 0) {
          const parent = (at - 1) >> 1;
          if (!worse(at, parent)) break;
          swap(at, parent);
          at = parent;
        }
        return;
      }
      slots[0] = slot;
      scores[0] = score;
      times[0] = time;
      siftDown(0);
    },
    sorted(): Array<{ slot: number; score: number }> {
      return slots
        .map((slot, at) => ({ slot, score: scores[at] as number, time: times[at] as number }))
        .sort((x, y) => y.score - x.score || y.time - x.time)
        .map(({ slot, score }) => ({ slot, score }));
    },
  };
}
