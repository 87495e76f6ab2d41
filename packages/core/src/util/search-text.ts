import type { SearchHit } from "../contract/results.js";
import type { SessionEvent } from "../contract/session-event.js";
import type { SessionKey } from "../contract/session-key.js";
import { type SearchWord, searchableText, searchWords } from "./search-tokens.js";

/** Words quoted by a snippet, and how many of them come before the first match. */
const SNIPPET_WORDS = 10;
const SNIPPET_LEAD = 4;

/**
 * The snippet of a text whose words (see `searchWords`) include every term: up to ten words
 * around the first match, quoted from the ORIGINAL text (whatever lies between them kept,
 * whitespace runs shown as one space), each matched word wrapped in [ ], `…` where text was
 * cut. Null when a term is missing.
 */
export function snippetOf(
  text: string,
  words: readonly SearchWord[],
  terms: string[],
): string | null {
  const termSet = new Set(terms);
  let first = -1;
  const present = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const t = (words[i] as SearchWord).term;
    if (!termSet.has(t)) continue;
    if (first < 0) first = i;
    present.add(t);
  }
  if (present.size < termSet.size) return null;
  const from = Math.max(0, first - SNIPPET_LEAD);
  const to = Math.min(words.length, from + SNIPPET_WORDS);
  let out = from > 0 ? "…" : "";
  for (let i = from; i < to; i++) {
    const w = words[i] as SearchWord;
    if (i > from) out += text.slice((words[i - 1] as SearchWord).end, w.start).replace(/\s+/g, " ");
    const original = text.slice(w.start, w.end);
    out += termSet.has(w.term) ? `[${original}]` : original;
  }
  return to < words.length ? `${out}…` : out;
}

/**
 * For scan-based search: null when `text` lacks a term, else its snippet (see
 * {@link snippetOf}).
 */
export function scanSnippet(text: string, terms: string[]): string | null {
  return snippetOf(text, searchWords(text), terms);
}

/**
 * A search hit: the event of session `key` with its snippet, or null when the event's text
 * lacks one of `terms`.
 */
export function searchHit(key: SessionKey, event: SessionEvent, terms: string[]): SearchHit | null {
  const snippet = scanSnippet(searchableText(event.content), terms);
  return snippet === null ? null : { key: { ...key }, event, snippet };
}
