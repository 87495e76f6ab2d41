import type { SessionKey } from "@sessionkit/core";
import type { NormalizedListSessions } from "@sessionkit/core/adapter-kit";
import type { SqlValue } from "../driver/sql-driver.js";
import type { SessionRow } from "./rows.js";

/** The value a session listing sorts by, from a session row. */
export function sortValue(o: NormalizedListSessions, r: Omit<SessionRow, "pk">): number | string {
  return o.orderBy === "id"
    ? r.session_id
    : o.orderBy === "createdAt"
      ? Number(r.created_at)
      : Number(r.updated_at);
}

/** A session key as the (app_name, user_id, session_id) statement params. */
export const keyParams = (key: SessionKey): SqlValue[] => [key.appName, key.userId, key.sessionId];
