import type { JsonValue } from "../contract/json.js";

/**
 * The one tokenization of search, used by every adapter both to index and to query (see
 * "Search" in docs/contract.md):
 *
 * 1. Unicode NFKC (full-width Latin, half-width katakana, ligatures and compatibility forms
 *    become their usual forms), applied per grapheme cluster so offsets map back.
 * 2. Word segmentation with `Intl.Segmenter` (word granularity, root locale): scripts written
 *    without spaces (Chinese, Japanese, Thai) are split into dictionary words. Inside each
 *    word-like segment, every run of letters, digits and combining marks is one term (so
 *    `can't` gives `can` and `t`); an emoji (a segment holding an Extended_Pictographic
 *    character) is one term without its variation selectors.
 * 3. Folding of each term: lower case; `ß` → `ss`, final `ς` → `σ`, dotless `ı` → `i` (so
 *    Turkish `I`/`ı`/`İ`/`i` all match); combining marks removed after Latin, Greek and Cyrillic
 *    letters only (`é` → `e`, `ά` → `α`, `ё` → `е`, `й` → `и`); marks of every other script
 *    stay, because there they are part of the letter (Japanese voiced marks, Devanagari vowel
 *    signs, Thai, Hebrew and Arabic as written); NFC at the end.
 *
 * Pure-ASCII text, and text of Latin/Greek/Cyrillic letters only, take shortcuts with the same
 * result (runs of letters, digits and marks; see `spacedOnly`).
 */

/** One term of a text with where it stands in the ORIGINAL text (UTF-16 offsets). */
export interface SearchWord {
  /** The folded term, as indexed and queried. */
  term: string;
  /** Offset of the word's first character in the original text. */
  start: number;
  /** Offset just after the word's last character in the original text. */
  end: number;
}

const words = new Intl.Segmenter("und", { granularity: "word" });
const graphemes = new Intl.Segmenter("und", { granularity: "grapheme" });
const ASCII = /^[\u0000-\u007f]*$/;
const ASCII_RUN = /[A-Za-z0-9]+/g;
const RUN = /[\p{L}\p{N}\p{M}]+/gu;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const VARIATION_SELECTORS = /[\uFE0E\uFE0F]/g;
const FOLDED_SCRIPTS = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
const FOLDED_MARKS = /([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu;
const SPECIAL = /[ßςı]/g;
const SPECIAL_FOLDS: Record<string, string> = { ß: "ss", ς: "σ", ı: "i" };

/** Folds one term (step 3 above). */
function fold(word: string): string {
  if (ASCII.test(word)) return word.toLowerCase();
  let w = word.toLowerCase().replace(SPECIAL, (c) => SPECIAL_FOLDS[c] as string);
  if (FOLDED_SCRIPTS.test(w)) w = w.normalize("NFD").replace(FOLDED_MARKS, "$1");
  return w.normalize("NFC");
}

/**
 * The NFKC form of `text`, with, for each of its offsets, the original offsets where the
 * grapheme cluster holding it starts and ends; null maps when NFKC changes nothing.
 */
function normalizeWithMap(text: string): { norm: string; starts: number[]; ends: number[] } | null {
  if (text.normalize("NFKC") === text) return null;
  let norm = "";
  const starts: number[] = [];
  const ends: number[] = [];
  for (const g of graphemes.segment(text)) {
    const n = g.segment.normalize("NFKC");
    const end = g.index + g.segment.length;
    for (let k = 0; k < n.length; k++) {
      starts.push(g.index);
      ends.push(end);
    }
    norm += n;
  }
  return { norm, starts, ends };
}

/**
 * Text where word segmentation cannot split a run of letters, digits and marks: only Latin,
 * Greek and Cyrillic letters (UAX #29 ALetter), decimal digits, marks following a letter or
 * mark, punctuation, spaces and non-pictographic symbols, and nothing NFKC would change. There
 * the terms are the folded runs of `[\p{L}\p{Nd}\p{M}]`, exactly what `Intl.Segmenter` gives,
 * at a fraction of its cost (test/search-tokens.test.ts compares both).
 */
const SPACED_ONLY =
  /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}\p{M}\p{P}\p{Z}\s\p{Sm}\p{Sc}\p{Sk}]*$/u;
const STRAY_MARK = /(?:^|[^\p{L}\p{M}])\p{M}/u;
const SPACED_RUN = /[\p{L}\p{Nd}\p{M}]+/gu;

function spacedOnly(text: string): boolean {
  return (
    SPACED_ONLY.test(text) &&
    !PICTOGRAPHIC.test(text) &&
    !STRAY_MARK.test(text) &&
    text.normalize("NFKC") === text
  );
}

/** Every term of `text` with its place in the original text, in text order. */
export function searchWords(text: string): SearchWord[] {
  const out: SearchWord[] = [];
  if (ASCII.test(text)) {
    for (const m of text.matchAll(ASCII_RUN)) {
      out.push({ term: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
    }
    return out;
  }
  if (spacedOnly(text)) {
    for (const m of text.matchAll(SPACED_RUN)) {
      out.push({ term: fold(m[0]), start: m.index, end: m.index + m[0].length });
    }
    return out;
  }
  return segmentedWords(text);
}

/** {@link searchWords} through `Intl.Segmenter`, for any text (exported for the tests). */
export function segmentedWords(text: string): SearchWord[] {
  const out: SearchWord[] = [];
  const mapped = normalizeWithMap(text);
  const norm = mapped ? mapped.norm : text;
  const startOf = (i: number) => (mapped ? (mapped.starts[i] as number) : i);
  const endOf = (i: number) => (mapped ? (mapped.ends[i - 1] as number) : i);
  for (const s of words.segment(norm)) {
    if (s.isWordLike) {
      for (const m of s.segment.matchAll(RUN)) {
        const at = s.index + m.index;
        out.push({ term: fold(m[0]), start: startOf(at), end: endOf(at + m[0].length) });
      }
    } else if (PICTOGRAPHIC.test(s.segment)) {
      const term = s.segment.replace(VARIATION_SELECTORS, "");
      out.push({ term, start: startOf(s.index), end: endOf(s.index + s.segment.length) });
    }
  }
  return out;
}

/** The terms of `text`, in order, repeats kept: what an index stores for it. */
export function searchTokens(text: string): string[] {
  if (ASCII.test(text)) return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return searchWords(text).map((w) => w.term);
}

/**
 * Every string inside a JSON value (event content: nested parts included, object keys
 * excluded), joined by spaces: the text that search indexes and snippets quote.
 */
export function searchableText(value: JsonValue): string {
  const parts: string[] = [];
  const visit = (v: JsonValue): void => {
    if (typeof v === "string") parts.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === "object") Object.values(v).forEach(visit);
  };
  visit(value);
  return parts.join(" ");
}

/**
 * The pre-segmented text an SQL index stores for an event's `content`: the terms of every
 * string inside it, joined by single spaces. Terms never contain ASCII punctuation or spaces,
 * so an index tokenizer that splits on ASCII non-alphanumerics (SQLite FTS5 `ascii`) or on
 * spaces yields exactly {@link searchTokens} back.
 */
export function searchIndexText(content: JsonValue): string {
  return searchTokens(searchableText(content)).join(" ");
}

/**
 * The terms of a query: {@link searchTokens} of the query, duplicates removed, in first
 * appearance order. An event matches when its terms include every one of them (whole terms,
 * AND); a query word that segments into several terms (e.g. an unspaced Chinese phrase)
 * requires each of them.
 */
export function searchQueryTerms(query: string): string[] {
  return [...new Set(searchTokens(query))];
}
