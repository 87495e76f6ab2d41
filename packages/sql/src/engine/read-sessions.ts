import type { ErrorContext, JsonObject, Session, SessionEvent, SessionKey } from "@sessionkit/core";
import {
  canonicalJson,
  encodeSessionCursor,
  type NormalizedGetOptions,
  type NormalizedListEvents,
  type NormalizedListSessions,
  type ScopedEntries,
  scopedEntries,
  sessionNotFound,
} from "@sessionkit/core/adapter-kit";
import type { SqlValue } from "../driver/sql-driver.js";
import { all, get, type SqlWork } from "../driver/sql-work.js";
import {
  completeListedRow,
  type EventRow,
  type ListedSessionRow,
  rowToEvent,
  rowToSession,
  type SessionRow,
  type StateRow,
  splitScopedRows,
} from "./rows.js";
import type { SessionEngine } from "./session-engine.js";
import { keyParams, sortValue } from "./session-keys.js";

/** The work of {@link SessionEngine.getSession}. */
export function* getSession(
  engine: SessionEngine,
  key: SessionKey,
  o: NormalizedGetOptions,
): SqlWork<Session | null> {
  const { events: ev, sessions: ses } = engine.dialect;
  const row = yield* get<SessionRow>(ses.selectSessionByKey, keyParams(key));
  if (!row || (row.status === "expired" && !o.includeExpired)) return null;
  let events: SessionEvent[] = [];
  if (o.recentEvents !== 0) {
    const withTs = o.afterTimestamp !== undefined;
    const withLimit = o.recentEvents !== undefined;
    const params: SqlValue[] = [row.pk, o.afterSeq ?? 0];
    if (withTs) params.push(o.afterTimestamp as number);
    if (withLimit) params.push(o.recentEvents as number);
    const rows = yield* all<EventRow>(ev.selectRecentEvents(withTs, withLimit), params);
    if (withLimit) rows.reverse();
    events = rows.map(rowToEvent);
  }
  const { app, user } = yield* engine.scopedStateFor(key.appName, key.userId);
  return rowToSession(row, scopedEntries(app, user), events);
}

/** The work of {@link SessionEngine.listEvents}. */
export function* listEvents(
  engine: SessionEngine,
  key: SessionKey,
  o: NormalizedListEvents,
  ctx: ErrorContext,
): SqlWork<{ events: SessionEvent[]; nextSeq: number | null }> {
  const { events: ev, sessions: ses } = engine.dialect;
  const row = yield* get<SessionRow>(ses.selectSessionByKey, keyParams(key));
  if (!row || (row.status === "expired" && !o.includeExpired))
    throw sessionNotFound(ctx, row !== undefined);
  const rows = yield* all<EventRow>(
    o.order === "asc" ? ev.selectEventPageAsc : ev.selectEventPageDesc,
    [row.pk, o.afterSeq ?? 0, o.beforeSeq ?? Number.MAX_SAFE_INTEGER, o.limit + 1],
  );
  const more = rows.length > o.limit;
  const events = (more ? rows.slice(0, o.limit) : rows).map(rowToEvent);
  return { events, nextSeq: more ? (events[events.length - 1] as SessionEvent).seq : null };
}

/** The work of {@link SessionEngine.listSessions}. */
export function* listSessions(
  engine: SessionEngine,
  o: NormalizedListSessions,
): SqlWork<{ sessions: Session[]; nextCursor: string | null }> {
  const { state: st, listSessionsQuery } = engine.dialect;
  const wanted = o.metadata
    ? Object.entries(o.metadata).map(([k, v]) => [k, canonicalJson(v)] as const)
    : [];
  const chunk = wanted.length > 0 ? Math.max(64, (o.limit + 1) * 2) : o.limit + 1;
  const matched: Array<Omit<SessionRow, "pk">> = [];
  let after = o.cursor
    ? { value: o.cursor.value, userId: o.cursor.userId, id: o.cursor.id }
    : undefined;
  for (;;) {
    const q = listSessionsQuery(o, after, chunk);
    const rows = (yield* all<ListedSessionRow>(q.sql, q.params)).map((r) =>
      completeListedRow(r, o),
    );
    for (const r of rows) {
      if (wanted.length > 0) {
        const m = JSON.parse(r.metadata) as JsonObject;
        if (!wanted.every(([k, v]) => Object.hasOwn(m, k) && canonicalJson(m[k]) === v)) continue;
      }
      matched.push(r);
      if (matched.length > o.limit) break;
    }
    if (matched.length > o.limit || rows.length < chunk) break;
    const last = rows[rows.length - 1] as Omit<SessionRow, "pk">;
    after = { value: sortValue(o, last), userId: last.user_id, id: last.session_id };
  }
  const more = matched.length > o.limit;
  const page = more ? matched.slice(0, o.limit) : matched;
  const users = [...new Set(page.map((r) => r.user_id))];
  let scoped = { app: {} as JsonObject, users: new Map<string, JsonObject>() };
  if (page.length > 0) {
    const rows = yield* all<StateRow>(st.selectScopedStateForUsers, [
      o.appName,
      o.appName,
      JSON.stringify(users),
    ]);
    scoped = splitScopedRows(rows);
  }
  const entries = new Map<string, ScopedEntries>();
  const sessions = page.map((r) => {
    let own = entries.get(r.user_id);
    if (own === undefined) {
      own = scopedEntries(scoped.app, scoped.users.get(r.user_id) ?? {});
      entries.set(r.user_id, own);
    }
    return rowToSession(r, own);
  });
  const last = page[page.length - 1];
  return {
    sessions,
    nextCursor:
      more && last
        ? encodeSessionCursor({
            query: o.query,
            value: sortValue(o, last),
            userId: last.user_id,
            id: last.session_id,
          })
        : null,
  };
}
