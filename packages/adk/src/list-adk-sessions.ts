import type { ListSessionsRequest, ListSessionsResponse, Session } from "@google/adk";
import type { SessionOperations, Session as StoredSession } from "@sessionkit/core";
import { assertCount } from "./invalid-option.js";

/** Sessions read per `listSessions` call of the repository (its maximum page). */
const SCAN_PAGE = 1000;

/** Where the requested page starts and what ADK reports about it. */
interface Window {
  offset: number;
  /** undefined: no limit (every session from `offset`). */
  limit: number | undefined;
  page: number;
}

/** ADK's paging rules: `page` (1-based, needs `limit`) wins over `offset`; limit 0 lists none. */
function windowOf(req: ListSessionsRequest): Window {
  const remedy = "pass limit ≥ 0, offset ≥ 0 and page ≥ 1 as integers";
  assertCount(req.limit, 0, "listSessions", "limit", remedy);
  assertCount(req.offset, 0, "listSessions", "offset", remedy);
  assertCount(req.page, 1, "listSessions", "page", remedy);
  const { limit } = req;
  if (limit === undefined) return { offset: req.offset ?? 0, limit: undefined, page: 1 };
  if (req.page !== undefined) return { offset: (req.page - 1) * limit, limit, page: req.page };
  const offset = req.offset ?? 0;
  return { offset, limit, page: limit === 0 ? 1 : Math.floor(offset / limit) + 1 };
}

/** ADK's listing order: last update time, ties by session id ascending in both directions. */
function adkOrder(order: "asc" | "desc"): (a: StoredSession, b: StoredSession) => number {
  const sign = order === "asc" ? 1 : -1;
  return (a, b) => sign * (a.updatedAt - b.updatedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * ADK's `listSessions` over sessionkit's keyset listing. One pass over the app's (or user's)
 * active sessions in `updatedAt` order, records only — no event is read: it counts them all for
 * `totalItems` and keeps those up to the end of the requested window plus the rest of the last
 * tie group, which it re-sorts by ADK's tie rule (id ascending for `"desc"` too) before cutting
 * the page. Memory is bounded by `offset + limit` sessions, never by the histories. An omitted
 * `order` lists newest first.
 * @throws INVALID_ARGUMENT for a negative or fractional limit or offset, or a page below 1.
 */
export async function listAdkSessions(
  repository: SessionOperations,
  req: ListSessionsRequest,
  toAdk: (stored: StoredSession) => Session,
): Promise<ListSessionsResponse> {
  const window = windowOf(req);
  const order = req.order ?? "desc";
  const end = window.limit === undefined ? Number.POSITIVE_INFINITY : window.offset + window.limit;
  const kept: StoredSession[] = [];
  let total = 0;
  let boundaryUpdatedAt: number | undefined;
  let cursor: string | undefined;
  do {
    const page = await repository.listSessions({
      appName: req.appName,
      ...(req.userId !== undefined ? { userId: req.userId } : {}),
      order,
      limit: SCAN_PAGE,
      ...(cursor ? { cursor } : {}),
    });
    for (const session of page.sessions) {
      if (total < end) {
        kept.push(session);
        if (total === end - 1) boundaryUpdatedAt = session.updatedAt;
      } else if (session.updatedAt === boundaryUpdatedAt) {
        kept.push(session);
      }
      total += 1;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  kept.sort(adkOrder(order));
  const sessions = kept.slice(window.offset, end).map(toAdk);
  if (window.limit === undefined) {
    return { sessions, page: 1, limit: total, totalItems: total, totalPages: total === 0 ? 0 : 1 };
  }
  return {
    sessions,
    page: window.page,
    limit: window.limit,
    totalItems: total,
    totalPages: window.limit === 0 ? 0 : Math.ceil(total / window.limit),
  };
}
