/**
 * How paperboy reads text for search: one tokenizer shared by the index, the
 * query and the snippet, so that a word is folded the same way everywhere
 * (lower case, accents stripped, hyphenated words split) and the filler words
 * of scientific prose never decide a ranking.
 */

/** Lower case without accents: `Schölkopf` → `scholkopf`. */
export function foldText(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
}

const TOKEN = /[\p{L}\p{N}]+/gu;

/** Every word of `text`, folded, in order (stop words included). */
export function words(text: string): string[] {
  return foldText(text).match(TOKEN) ?? [];
}

/** Words of `text` with their character offsets in the original string, for snippets. */
export function wordsWithOffsets(text: string): Array<{ word: string; start: number; end: number }> {
  const out: Array<{ word: string; start: number; end: number }> = [];
  for (const match of text.matchAll(TOKEN)) {
    out.push({ word: foldText(match[0]), start: match.index, end: match.index + match[0].length });
  }
  return out;
}

/**
 * English function words plus the boilerplate of abstracts ("we propose a
 * novel method"): they match nearly every paper, so they add cost and noise
 * and no signal.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an and are as at be been but by can could do does did for from had has have how i if in into is it its " +
    "may might more most much must no nor not of on or our ours out over so such than that the their them then " +
    "there these they this those through to too under up very via was we were what when where which while who " +
    "whom why will with within without would you your also both each other only own same some any all between " +
    "about above after again against before being below during further here just once should until " +
    "us et al e g ie eg vs using use used based propose proposed paper show shows shown novel approach"
  ).split(" "),
);

/** The words of `text` that carry meaning: folded, without stop words or single letters. */
export function searchTerms(text: string): string[] {
  return words(text).filter((word) => word.length > 1 && !STOP_WORDS.has(word));
}
