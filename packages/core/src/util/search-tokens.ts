import type { JsonValue } from "../contract/json.js";
import { piecewiseTerms } from "./search-pieces.js";
import {
  ASCII,
  asciiTerms,
  segmentedTerms,
  spacedOnly,
  spacedTerms,
  type TermSink,
} from "./search-terms.js";

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
 * result (runs of letters, digits and marks; see `spacedOnly`); mixed text goes through the
 * segmenter only for the pieces between spaces that need it (`search-pieces.ts`).
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

const ASCII_TERM = /[a-z0-9]+/g;

/** Collects the words of a text. */
class WordList implements TermSink {
  readonly words: SearchWord[] = [];
  add(term: string, start: number, end: number): void {
    this.words.push({ term, start, end });
  }
}

/** Collects the terms of a text (offsets dropped). */
class TermList implements TermSink {
  readonly terms: string[] = [];
  add(term: string): void {
    this.terms.push(term);
  }
}

/** Hands every term of `text` to `sink`, in text order. */
function termsOf(text: string, sink: TermSink): void {
  if (ASCII.test(text)) asciiTerms(text, 0, sink);
  else if (spacedOnly(text)) spacedTerms(text, 0, sink);
  else piecewiseTerms(text, sink);
}

/** Every term of `text` with its place in the original text, in text order. */
export function searchWords(text: string): SearchWord[] {
  const list = new WordList();
  termsOf(text, list);
  return list.words;
}

/** {@link searchWords} through `Intl.Segmenter` alone, for any text (exported for the tests). */
export function segmentedWords(text: string): SearchWord[] {
  const list = new WordList();
  segmentedTerms(text, 0, list);
  return list.words;
}

/** The terms of `text`, in order, repeats kept: what an index stores for it. */
export function searchTokens(text: string): string[] {
  if (ASCII.test(text)) return text.toLowerCase().match(ASCII_TERM) ?? [];
  const list = new TermList();
  termsOf(text, list);
  return list.terms;
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
