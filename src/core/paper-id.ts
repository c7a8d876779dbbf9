/**
 * Paper identity. One paper has one row whatever brought it, so every source
 * funnels its ids through here: arXiv ids lose their prefix and version, and
 * papers without an arXiv id get a stable id derived from their title.
 */
import { createHash } from "node:crypto";

const NEW_STYLE = /^(\d{4}\.\d{4,5})(v\d+)?$/;
const OLD_STYLE = /^([a-z-]+(?:\.[a-z]{2})?\/\d{7})(v\d+)?$/i;
const ARXIV_URL = /arxiv\.org\/(?:abs|pdf|html)\/([^?#\s]+?)(?:\.pdf)?(?:[?#].*)?$/i;
const HF_URL = /huggingface\.co\/papers\/([^?#\s/]+)/i;

/**
 * `arXiv:2401.12345v2`, `2401.12345`, `https://arxiv.org/abs/2401.12345v1` →
 * `2401.12345`; `hep-th/9901001v3` → `hep-th/9901001`. Returns undefined for
 * anything that is not an arXiv id.
 */
export function normaliseArxivId(raw: string): string | undefined {
  let text = raw.trim();
  const fromUrl = ARXIV_URL.exec(text) ?? HF_URL.exec(text);
  if (fromUrl?.[1]) text = fromUrl[1];
  text = text.replace(/^arxiv:\s*/i, "");
  const modern = NEW_STYLE.exec(text);
  if (modern?.[1]) return modern[1];
  const old = OLD_STYLE.exec(text);
  if (old?.[1]) return old[1].toLowerCase();
  return undefined;
}

/** A stable id for a paper with no arXiv id: the same title always gives the same id. */
export function contentId(title: string): string {
  const key = title.toLowerCase().normalize("NFKC").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return `pb-${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;
}

/** The id a paper is stored under. */
export function paperIdFor(input: { id?: string | undefined; url?: string | undefined; title: string }): string {
  return (
    (input.id ? normaliseArxivId(input.id) : undefined) ??
    (input.url ? normaliseArxivId(input.url) : undefined) ??
    contentId(input.title)
  );
}

export function isArxivId(id: string): boolean {
  return !id.startsWith("pb-");
}

export function arxivAbsUrl(id: string): string {
  return `https://arxiv.org/abs/${id}`;
}
