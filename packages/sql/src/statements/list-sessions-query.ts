import type { NormalizedListSessions } from "@sessionkit/core/adapter-kit";
import type { SqlValue } from "../driver/sql-driver.js";

/** The position a listing continues after (exclusive). */
export interface ListPosition {
  value: number | string;
  userId: string;
  id: string;
}

/**
 * The columns a listing reads: a sessions row without `pk` and `app_name` (the listing knows
 * its app), without `user_id` when it lists one user and without `status` when it lists one
 * status — fewer values for the driver to convert per row (the listing's main cost); the engine
 * fills them back in (`completeListedRow`).
 */
function listedColumns(o: NormalizedListSessions): string {
  let columns =
    "session_id, state, metadata, created_at, updated_at, expired_at, last_seq, revision";
  if (o.userId === undefined) columns += ", user_id";
  if (o.status === "all") columns += ", status";
  return columns;
}

/**
 * The listSessions query for a filter set: `WHERE app_name = ? [AND user_id = ?] [status]
 * [updated bounds] [keyset]` ordered by the sort column, then user_id, then session_id in one
 * direction. The order matches an index (sessions_by_app_updated / _by_user_updated /
 * _by_app_created / _by_app_id / the unique key), so a page reads `limit` rows, not the app.
 * Only a handful of distinct texts exist, so drivers can cache the prepared statements.
 */
export function listSessionsQuery(
  o: NormalizedListSessions,
  after: ListPosition | undefined,
  limit: number,
): { sql: string; params: SqlValue[] } {
  const where: string[] = ["app_name = ?"];
  const params: SqlValue[] = [o.appName];
  if (o.userId !== undefined) {
    where.push("user_id = ?");
    params.push(o.userId);
  }
  if (o.status !== "all") {
    where.push("status = ?");
    params.push(o.status);
  }
  if (o.updatedAfter !== undefined) {
    where.push("updated_at > ?");
    params.push(o.updatedAfter);
  }
  if (o.updatedBefore !== undefined) {
    where.push("updated_at < ?");
    params.push(o.updatedBefore);
  }
  const column =
    o.orderBy === "id" ? "session_id" : o.orderBy === "createdAt" ? "created_at" : "updated_at";
  const op = o.order === "asc" ? ">" : "<";
  const dir = o.order === "asc" ? "ASC" : "DESC";
  if (after) {
    if (o.orderBy === "id") {
      where.push(`(session_id, user_id) ${op} (?, ?)`);
      params.push(after.id, after.userId);
    } else {
      where.push(`(${column}, user_id, session_id) ${op} (?, ?, ?)`);
      params.push(after.value, after.userId, after.id);
    }
  }
  const order =
    o.orderBy === "id"
      ? `session_id ${dir}, user_id ${dir}`
      : `${column} ${dir}, user_id ${dir}, session_id ${dir}`;
  params.push(limit);
  return {
    sql: `SELECT ${listedColumns(o)} FROM sessions WHERE ${where.join(" AND ")} ORDER BY ${order} LIMIT ?`,
    params,
  };
}
