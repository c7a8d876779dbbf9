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

const NON_ASCII = /[^\x00-\x7f]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * The words of `text` that carry meaning: folded, without stop words or single
 * letters. This runs over every abstract at start, so it scans character codes
 * instead of running a Unicode regex, and folds accents only when there are any.
 */
export function searchTerms(text: string): string[] {
  const ascii = !NON_ASCII.test(text);
  const folded = ascii ? text.toLowerCase() : foldText(text);
  const out: string[] = [];
  let start = -1;
  for (let at = 0; at <= folded.length; at++) {
    const code = at < folded.length ? folded.charCodeAt(at) : 32;
    const inWord =
      (code >= 97 && code <= 122) ||
      (code >= 48 && code <= 57) ||
      (code > 127 && !ascii && LETTER_OR_DIGIT.test(String.fromCharCode(code)));
    if (inWord) {
      if (start < 0) start = at;
    } else if (start >= 0) {
      if (at - start > 1) {
        const word = folded.slice(start, at);
        if (!STOP_WORDS.has(word)) out.push(word);
      }
      start = -1;
    }
  }
  return out;
}
