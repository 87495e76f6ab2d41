import type { SessionKey } from "../contract/session-key.js";

/**
 * Unicode code point order, which is also UTF-8 byte order: the order SQLite's BINARY
 * collation gives. Every adapter sorts ids this way so that cursors and scans agree.
 */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800–0xDFFF) encode code points above 0xFFFF: they sort after 0xE000–0xFFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}

/** Orders keys by appName, then userId, then sessionId. */
export function compareKeys(a: SessionKey, b: SessionKey): number {
  return (
    compareStrings(a.appName, b.appName) ||
    compareStrings(a.userId, b.userId) ||
    compareStrings(a.sessionId, b.sessionId)
  );
}

/**
 * The order of search hits on every adapter (the contract's "newest first"): event timestamp
 * descending, then session key (app, user, session in code-point order), then seq descending.
 */
export function compareSearchHits(
  a: { key: SessionKey; event: { timestamp: number; seq: number } },
  b: { key: SessionKey; event: { timestamp: number; seq: number } },
): number {
  return (
    b.event.timestamp - a.event.timestamp || compareKeys(a.key, b.key) || b.event.seq - a.event.seq
  );
}
