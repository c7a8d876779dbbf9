/**
 * A deterministic synthetic corpus for the benchmark: the 157 real papers of
 * data/sample-papers.jsonl, then as many generated papers as asked for, whose
 * titles and abstracts come from word-level Markov chains (order 2) trained on
 * the sample, so length, vocabulary and word frequencies look like the real
 * thing. Real arXiv keeps coining words (method names, acronyms), so every
 * generated paper also names one or two invented terms; without them the
 * vocabulary would stop at the sample's 4,300 words and typo and prefix
 * lookups would be unrealistically cheap. Same seed, same corpus.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { PaperInput } from "../src/core/types.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

export interface SampleRow {
  title: string;
  abstract: string;
}

export function readSampleRows(): SampleRow[] {
  return readFileSync(`${ROOT}data/sample-papers.jsonl`, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as SampleRow);
}

/** mulberry32: small, fast, and the same on every machine. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** An order-2 word chain over interned words: (two previous words) → every word seen after them. */
interface Chain {
  words: string[];
  next: Map<number, number[]>;
}

const START = 0;
const END = 1;

function trainChain(texts: readonly string[]): Chain {
  const words = ["<start>", "<end>"];
  const ids = new Map<string, number>();
  const next = new Map<number, number[]>();
  for (const text of texts) {
    const tokens = [START, START];
    for (const word of text.split(/\s+/)) {
      if (!word) continue;
      let id = ids.get(word);
      if (id === undefined) {
        id = words.length;
        words.push(word);
        ids.set(word, id);
      }
      tokens.push(id);
    }
    tokens.push(END);
    for (let at = 2; at < tokens.length; at++) {
      const key = (tokens[at - 2] as number) * 1_000_003 + (tokens[at - 1] as number);
      const followers = next.get(key);
      if (followers) followers.push(tokens[at] as number);
      else next.set(key, [tokens[at] as number]);
    }
  }
  return { words, next };
}

/** Walks the chain for about `target` words; a walk that ends early starts over, as a new sentence would. */
function walkChain(chain: Chain, random: () => number, minWords: number, maxWords: number): string[] {
  const out: string[] = [];
  let a = START;
  let b = START;
  while (out.length < maxWords) {
    const followers = chain.next.get(a * 1_000_003 + b);
    const word = followers ? pick(random, followers) : END;
    if (word === END) {
      if (out.length >= minWords) break;
      a = START;
      b = START;
      continue;
    }
    out.push(chain.words[word] as string);
    a = b;
    b = word;
  }
  return out;
}

const FIRST_NAMES = (
  "Ada Alan Alice Amir Ana Andrés Anna Arjun Ben Carla Chen Chloé Daniel David Diego Elena Emma Eric Fatima Felix " +
  "Gabriel Grace Hana Hiro Ines Ivan Jakob James Jiwoo Jonas Julia Kai Karim Kenji Lara Laura Lei Lena Leo Li Lucas " +
  "Luis Maria Marta Mateo Mei Mia Ming Mohammed Nadia Noah Nora Olga Omar Paul Priya Rafael Ravi Rosa Sara Sofia " +
  "Søren Tariq Tom Uma Victor Wei Xin Yara Yuki Zoe Zhang José Björn François Łukasz Ayşe Dóra Jürgen"
).split(" ");
const LAST_NAMES = (
  "Abe Adams Ahmed Alvarez Anderson Bauer Becker Bianchi Brown Chen Costa Cruz Dubois Eriksson Fischer Garcia Gupta " +
  "Hahn Hoffmann Hinton Ito Jensen Kim Kowalski Kumar Lambert Lee Li Liu López Martin Meyer Moreau Müller Nakamura " +
  "Nguyen Novak Olsen Park Patel Petrov Rossi Roy Sato Schmidt Schölkopf Silva Singh Smith Suzuki Tanaka Taylor " +
  "Thompson Wagner Wang Weber Williams Wu Xu Yamamoto Yang Zhao Zhou Ørsted Çelik Đorđević Ångström Núñez"
).split(" ");
const CATEGORIES = ["cs.LG", "cs.CV", "cs.CL", "cs.AI", "cs.NE", "q-bio.NC", "stat.ML", "cs.RO", "eess.IV"];
const SYLLABLES = "neu ro for mer vi sion lat ent dif fu gra ph spa rse tok en mor pho cor tex syn ap tic flu x net gen ix or a la qu".split(" ");

export interface CorpusOptions {
  size: number;
  seed?: number;
  /** The corpus's newest date; generated papers spread over the year before it. */
  end?: Date;
}

export interface Corpus {
  papers: PaperInput[];
  /** Words the generator invented, for queries that look for rare terms. */
  coined: string[];
}

const YEAR_MS = 365 * 24 * 3_600_000;

export function generateCorpus(options: CorpusOptions): Corpus {
  const random = createRandom(options.seed ?? 20261127);
  const end = (options.end ?? new Date("2026-11-27T00:00:00Z")).getTime();
  const rows = readSampleRows();
  const titleChain = trainChain(rows.map((row) => row.title));
  const abstractChain = trainChain(rows.map((row) => row.abstract));
  const abstractLengths = rows.map((row) => row.abstract.split(/\s+/).length);
  const titleLengths = rows.map((row) => row.title.split(/\s+/).length);

  const papers: PaperInput[] = rows.slice(0, options.size).map((row) => ({
    title: row.title,
    abstract: row.abstract,
    source: "file",
    publishedAt: new Date(end - random() * 30 * 24 * 3_600_000),
    authors: makeAuthors(random),
    categories: [pick(random, CATEGORIES)],
  }));

  const coined: string[] = [];
  const coin = (): string => {
    let word = "";
    const parts = 2 + Math.floor(random() * 3);
    for (let part = 0; part < parts; part++) word += pick(random, SYLLABLES);
    return random() < 0.3 ? word.toUpperCase() : word[0]?.toUpperCase() + word.slice(1);
  };

  // arXiv numbers papers within a month; so do we, which keeps ids unique up to 100k papers a month.
  const perMonth = new Map<string, number>();
  while (papers.length < options.size) {
    const published = new Date(end - random() * YEAR_MS);
    const name = coin();
    if (coined.length < 5000) coined.push(name.toLowerCase());
    const titleWords = walkChain(titleChain, random, 3, Math.max(4, pick(random, titleLengths) + 2));
    const title = random() < 0.5 ? `${name}: ${titleWords.join(" ")}` : titleWords.join(" ");
    const target = pick(random, abstractLengths);
    const abstractWords = walkChain(abstractChain, random, Math.floor(target * 0.7), Math.ceil(target * 1.2));
    // The paper's own method name appears a few times, as it does in real abstracts.
    for (let mention = 0; mention < 1 + Math.floor(random() * 3); mention++) {
      abstractWords.splice(Math.floor(random() * abstractWords.length), 0, name);
    }
    const month = new Date(published).toISOString().slice(2, 4) + new Date(published).toISOString().slice(5, 7);
    const serial = (perMonth.get(month) ?? 0) + 1;
    perMonth.set(month, serial);
    papers.push({
      id: `${month}.${String(serial).padStart(5, "0")}`,
      title,
      abstract: abstractWords.join(" "),
      authors: makeAuthors(random),
      categories: [...new Set([pick(random, CATEGORIES), pick(random, CATEGORIES)])],
      publishedAt: random() < 0.9 ? published : undefined,
      source: random() < 0.7 ? "arxiv" : "huggingface",
      sourceUpvotes: random() < 0.3 ? Math.floor(random() * 80) : 0,
    });
  }
  return { papers, coined };
}

function makeAuthors(random: () => number): string[] {
  const count = 1 + Math.floor(random() * random() * 9);
  return Array.from({ length: count }, () => `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`);
}
