import type { NormalizedListSessions } from "../validation/normalize-options.js";
import { encodeSessionCursor } from "../validation/session-cursor.js";
import { compareStrings } from "./compare-keys.js";

/** What in-memory listing needs of a session row. */
export interface ListableSession {
  userId: string;
  id: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * Keyset paging over rows already filtered by the query, for adapters that list in memory:
 * sorts by the requested order (ties by userId, then id, in the same direction), starts strictly
 * after the cursor, and returns one page plus the cursor of the next.
 */
export function pageSessions<T extends ListableSession>(
  rows: T[],
  o: NormalizedListSessions,
): { page: T[]; nextCursor: string | null } {
  type SortKey = { v: number | string; u: string; i: string };
  const sortValue = (s: T): number | string =>
    o.orderBy === "id" ? s.id : o.orderBy === "createdAt" ? s.createdAt : s.updatedAt;
  const compare = (a: SortKey, b: SortKey) => {
    const byValue =
      typeof a.v === "number"
        ? (a.v as number) - (b.v as number)
        : compareStrings(a.v as string, b.v as string);
    const c = Math.sign(byValue) || compareStrings(a.u, b.u) || compareStrings(a.i, b.i);
    return o.order === "asc" ? c : -c;
  };
  const keyed = rows.map((s) => ({ s, k: { v: sortValue(s), u: s.userId, i: s.id } }));
  keyed.sort((a, b) => compare(a.k, b.k));
  const cursor = o.cursor;
  const after = cursor
    ? keyed.filter((r) => compare(r.k, { v: cursor.value, u: cursor.userId, i: cursor.id }) > 0)
    : keyed;
  const page = after.slice(0, o.limit);
  const last = page[page.length - 1];
  return {
    page: page.map((r) => r.s),
    nextCursor:
      after.length > o.limit && last
        ? encodeSessionCursor({ query: o.query, value: last.k.v, userId: last.k.u, id: last.k.i })
        : null,
  };
}
