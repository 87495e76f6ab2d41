import type { SearchOrder } from "../contract/options.js";
import type { SearchHit } from "../contract/results.js";
import type { SessionEvent } from "../contract/session-event.js";
import type { SessionKey } from "../contract/session-key.js";
import { compareSearchHits } from "./compare-keys.js";
import { snippetOf } from "./search-text.js";
import { searchableText, searchTokens, searchWords } from "./search-tokens.js";

/** BM25 parameters, those of SQLite FTS5's `bm25()`. */
const K1 = 1.2;
const B = 0.75;
const ASCII = /^[\u0000-\u007f]*$/;

/**
 * The inverse document frequency of a term held by `containing` of `events` events, as SQLite
 * FTS5 computes it: ln((N − n + 0.5) / (n + 0.5)), and 1e-6 where that is not positive.
 */
export function bm25Idf(events: number, containing: number): number {
  const idf = Math.log((events - containing + 0.5) / (containing + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

/**
 * The BM25 score of one event (higher is more relevant), as SQLite FTS5 computes it:
 * Σ idf·f·(k1+1) / (f + k1·(1 − b + b·D/avgdl)), k1 = 1.2, b = 0.75, where f is how often each
 * term occurs in the event and D its number of terms.
 */
export function bm25Score(
  idfs: readonly number[],
  freqs: readonly number[],
  length: number,
  averageLength: number,
): number {
  let score = 0;
  for (let i = 0; i < idfs.length; i++) {
    const f = freqs[i] as number;
    score +=
      (idfs[i] as number) * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * length) / averageLength)));
  }
  return score;
}

/** What a scanning search needs of its normalized options. */
export interface SearchScanOptions {
  /** The query terms (see `searchQueryTerms`). */
  terms: string[];
  order: SearchOrder;
  limit: number;
}

interface ScannedHit {
  hit: SearchHit;
  freqs: number[];
  length: number;
}

/**
 * A scanning search (memory, JSON files, SQL with full-text off): feed it every event of the
 * searched scope with {@link SearchScan.add}, in any order, then take {@link SearchScan.hits}.
 * For `order: "relevance"` it ranks with {@link bm25Score} over statistics of the events fed
 * (count, terms per event, events holding each term).
 */
export class SearchScan {
  private events = 0;
  private tokens = 0;
  private readonly containing: number[];
  private readonly index: Map<string, number>;
  private readonly found: ScannedHit[] = [];

  constructor(private readonly o: SearchScanOptions) {
    this.containing = o.terms.map(() => 0);
    this.index = new Map(o.terms.map((t, i) => [t, i]));
  }

  /** Considers one event of session `key`. */
  add(key: SessionKey, event: SessionEvent): void {
    const text = searchableText(event.content);
    const relevance = this.o.order === "relevance";
    if (ASCII.test(text)) {
      // Quick rejection: an ASCII text's terms are ASCII lower-case substrings of it.
      const lower = text.toLowerCase();
      if (!this.o.terms.every((t) => lower.includes(t))) {
        if (relevance) this.count(searchTokens(lower));
        return;
      }
    }
    const words = searchWords(text);
    this.events++;
    this.tokens += words.length;
    const freqs = this.o.terms.map(() => 0);
    for (const w of words) {
      const i = this.index.get(w.term);
      if (i !== undefined) freqs[i] = (freqs[i] as number) + 1;
    }
    for (let i = 0; i < freqs.length; i++) if ((freqs[i] as number) > 0) this.containing[i]! += 1;
    if (freqs.some((f) => f === 0)) return;
    const snippet = snippetOf(text, words, this.o.terms);
    if (snippet === null) return;
    this.found.push({ hit: { key: { ...key }, event, snippet }, freqs, length: words.length });
  }

  private count(terms: readonly string[]): void {
    this.events++;
    this.tokens += terms.length;
    for (let i = 0; i < this.o.terms.length; i++) {
      if (terms.includes(this.o.terms[i] as string)) this.containing[i]! += 1;
    }
  }

  /** The hits in the requested order, at most `limit`. */
  hits(): SearchHit[] {
    if (this.o.order === "newest") {
      return this.found
        .map((f) => f.hit)
        .sort(compareSearchHits)
        .slice(0, this.o.limit);
    }
    const average = this.tokens / Math.max(1, this.events);
    const idfs = this.containing.map((n) => bm25Idf(this.events, n));
    const scored = this.found.map((f) => ({
      hit: f.hit,
      score: bm25Score(idfs, f.freqs, f.length, average),
    }));
    scored.sort((a, b) => b.score - a.score || compareSearchHits(a.hit, b.hit));
    return scored.slice(0, this.o.limit).map((s) => s.hit);
  }
}
