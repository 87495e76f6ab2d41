import type { JsonValue } from "../contract/json.js";
import type { SearchHit } from "../contract/results.js";
import type { SessionEvent } from "../contract/session-event.js";
import type { SessionKey } from "../contract/session-key.js";
import { tokenize } from "../validation/normalize-options.js";

/** Every string inside a JSON value, joined by spaces: the text that search indexes. */
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
 * For scan-based search: null when `text` lacks a term, else a snippet of up to ~10 words
 * around the first match with matched words wrapped in [ ].
 */
export function scanSnippet(text: string, terms: string[]): string | null {
  const words = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)];
  const normalized = words.map((m) => tokenize(m[0])[0] ?? "");
  const present = new Set(normalized);
  if (!terms.every((t) => present.has(t))) return null;
  const termSet = new Set(terms);
  const first = normalized.findIndex((w) => termSet.has(w));
  const from = Math.max(0, first - 4);
  const to = Math.min(words.length, from + 10);
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    const w = (words[i] as RegExpMatchArray)[0];
    out.push(termSet.has(normalized[i] as string) ? `[${w}]` : w);
  }
  return (from > 0 ? "…" : "") + out.join(" ") + (to < words.length ? "…" : "");
}

/**
 * A scan-based search hit: the event of session `key` with its snippet, or null when the
 * event's text lacks one of `terms`.
 */
export function searchHit(key: SessionKey, event: SessionEvent, terms: string[]): SearchHit | null {
  const snippet = scanSnippet(searchableText(event.content), terms);
  return snippet === null ? null : { key: { ...key }, event, snippet };
}
