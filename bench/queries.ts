/**
 * The benchmark's fixed query set: 600 queries, 150 of each kind people type
 * into `/papers`: single words, 2–3 word topics, words with a typo, and long
 * phrases pasted from an abstract. Drawn from the sample corpus with a fixed
 * seed, so every run (and PostgreSQL) answers the same questions.
 */
import { STOP_WORDS } from "../src/core/search/text.js";
import { createRandom, pick, readSampleRows } from "./corpus.js";

export type QueryKind = "word" | "topic" | "typo" | "phrase";
export const QUERY_KINDS: readonly QueryKind[] = ["word", "topic", "typo", "phrase"];

export interface BenchQuery {
  kind: QueryKind;
  text: string;
}

const PER_KIND = 150;

export function benchQueries(seed = 6): BenchQuery[] {
  const random = createRandom(seed);
  const rows = readSampleRows();
  const contentWords = (text: string) =>
    (text.toLowerCase().match(/[a-z][a-z0-9-]*[a-z0-9]/g) ?? []).filter((word) => word.length > 2 && !STOP_WORDS.has(word));

  // Single words: drawn by frequency, so common words ("neural") and rare ones ("astrocyte") both appear.
  const frequency = new Map<string, number>();
  for (const row of rows) for (const word of contentWords(`${row.title} ${row.abstract}`)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const vocabulary = [...frequency.keys()].filter((word) => !word.includes("-")).sort();
  const byFrequency = [...vocabulary].sort((a, b) => (frequency.get(b) ?? 0) - (frequency.get(a) ?? 0));
  const common = byFrequency.slice(0, 300);
  const uncommon = byFrequency.slice(300);

  const seen = new Set<string>();
  const queries: BenchQuery[] = [];
  const add = (kind: QueryKind, text: string): boolean => {
    if (seen.has(`${kind}:${text}`)) return false;
    seen.add(`${kind}:${text}`);
    queries.push({ kind, text });
    return true;
  };

  let added = 0;
  while (added < PER_KIND) if (add("word", pick(random, random() < 0.4 ? common : uncommon))) added++;

  // Topics: two or three neighbouring content words of a real title.
  added = 0;
  while (added < PER_KIND) {
    const words = contentWords(pick(random, rows).title);
    if (words.length < 2) continue;
    const length = Math.min(words.length, random() < 0.6 ? 2 : 3);
    const start = Math.floor(random() * (words.length - length + 1));
    if (add("topic", words.slice(start, start + length).join(" "))) added++;
  }

  // Typos: one dropped, doubled, swapped or wrong letter in a word of five letters or more, sometimes beside a correct word.
  added = 0;
  const typoable = vocabulary.filter((word) => word.length >= 6 && /^[a-z]+$/.test(word));
  while (added < PER_KIND) {
    const word = pick(random, typoable);
    const at = 1 + Math.floor(random() * (word.length - 2));
    const edit = Math.floor(random() * 4);
    const letter = "abcdefghijklmnopqrstuvwxyz"[Math.floor(random() * 26)] as string;
    const typo =
      edit === 0
        ? word.slice(0, at) + word.slice(at + 1)
        : edit === 1
          ? word.slice(0, at) + word[at] + word.slice(at)
          : edit === 2
            ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2)
            : word.slice(0, at) + letter + word.slice(at + 1);
    if (typo === word) continue;
    const text = random() < 0.35 ? `${typo} ${pick(random, common)}` : typo;
    if (add("typo", text)) added++;
  }

  // Long phrases: 6–12 consecutive words of a real abstract, as when someone pastes a sentence.
  added = 0;
  while (added < PER_KIND) {
    const words = pick(random, rows).abstract.split(/\s+/);
    const length = 6 + Math.floor(random() * 7);
    const start = Math.floor(random() * Math.max(1, words.length - length));
    const text = words
      .slice(start, start + length)
      .join(" ")
      .replace(/[^\p{L}\p{N}\s-]/gu, " ")
      .replace(/\s+/g, " ")
      .trim();
    if (text.split(" ").length >= 5 && add("phrase", text)) added++;
  }
  return queries;
}
