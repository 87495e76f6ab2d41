import type {
  JsonObject,
  SessionEvent,
  SessionKey,
  SessionSnapshot,
  StateScope,
} from "@sessionkit/core";
import { compareStrings as cmp } from "@sessionkit/core/adapter-kit";
import type { SqlValue } from "../driver/sql-driver.js";
import { all, get, run, type SqlWork } from "../driver/sql-work.js";
import { type EventRow, rowToEvent, rowToSnapshot, type SessionRow } from "./rows.js";
import type { SessionEngine } from "./session-engine.js";
import { keyParams } from "./session-keys.js";
import type { WriteContext } from "./write-context.js";

/** The work of {@link SessionEngine.readSnapshot}. */
export function* readSnapshot(
  engine: SessionEngine,
  key: SessionKey,
): SqlWork<SessionSnapshot | null> {
  const { events: ev, sessions: ses } = engine.dialect;
  const row = yield* get<SessionRow>(ses.selectSessionByKey, keyParams(key));
  if (!row) return null;
  const events = (yield* all<EventRow>(ev.selectAllEvents, [row.pk])).map(rowToEvent);
  return rowToSnapshot(row, events);
}

/** The work of {@link SessionEngine.writeSnapshot}. */
export function* writeSnapshot(
  engine: SessionEngine,
  s: SessionSnapshot,
  mode: "replace" | "if-newer",
  _w: WriteContext,
): SqlWork<"written" | "skipped"> {
  const { sessions: ses, bulk } = engine.dialect;
  const indexed = engine.fullText;
  const key = { appName: s.appName, userId: s.userId, sessionId: s.id };
  const row = yield* get<SessionRow>(ses.selectSessionForWrite, keyParams(key));
  if (row && mode === "if-newer" && Number(row.revision) >= s.revision) return "skipped";
  if (row) yield* run(ses.deleteSessionByPk, [row.pk]);
  const created = (yield* get<{ pk: number }>(bulk.insertSnapshotSessionReturningPk, [
    s.appName,
    s.userId,
    s.id,
    s.status,
    JSON.stringify(s.state),
    JSON.stringify(s.metadata),
    s.createdAt,
    s.updatedAt,
    s.expiredAt,
    s.lastSeq,
    s.revision,
  ])) as { pk: number };
  const pk = created.pk;
  const events = s.events;
  // The session was just (re)created: no stored id can collide, so plain multi-row inserts.
  for (let i = 0; i < events.length; ) {
    const size = bulk.bulkChunkRows(events.length - i);
    const params = new Array<SqlValue>(
      size * (indexed ? bulk.INDEXED_EVENT_ROW_WIDTH : bulk.EVENT_ROW_WIDTH),
    );
    let p = 0;
    for (let end = i + size; i < end; i++) {
      const e = events[i] as SessionEvent;
      params[p++] = pk;
      params[p++] = e.seq;
      params[p++] = e.id;
      params[p++] = e.invocationId ?? null;
      params[p++] = e.author;
      params[p++] = JSON.stringify(e.content);
      params[p++] = e.stateDelta === undefined ? null : JSON.stringify(e.stateDelta);
      params[p++] = e.metadata === undefined ? null : JSON.stringify(e.metadata);
      params[p++] = e.timestamp;
      if (indexed) params[p++] = engine.dialect.searchText(e.content);
    }
    yield { kind: "run", sql: bulk.insertEventRows(size, false, indexed), params };
  }
  return "written";
}

/** The work of {@link SessionEngine.scanSessions}. */
export function* scanSessions(
  engine: SessionEngine,
  after: SessionKey | undefined,
  limit: number,
  appName: string | undefined,
): SqlWork<SessionKey[]> {
  const { sessions: ses } = engine.dialect;
  type KeyRow = { app_name: string; user_id: string; session_id: string };
  let rows: KeyRow[];
  if (appName !== undefined) {
    let from: [string, string] = ["", ""];
    if (after !== undefined) {
      const c = cmp(after.appName, appName);
      if (c > 0) return [];
      if (c === 0) from = [after.userId, after.sessionId];
    }
    // ("", "") sorts before every real key: ids are never empty.
    rows = yield* all<KeyRow>(ses.scanSessionKeysInApp, [appName, from[0], from[1], limit]);
  } else {
    const a = after ?? { appName: "", userId: "", sessionId: "" };
    rows = yield* all<KeyRow>(ses.scanSessionKeys, [a.appName, a.userId, a.sessionId, limit]);
  }
  return rows.map((r) => ({ appName: r.app_name, userId: r.user_id, sessionId: r.session_id }));
}

/** The work of {@link SessionEngine.listStateScopes}. */
export function* listStateScopes(engine: SessionEngine): SqlWork<StateScope[]> {
  const { state: st } = engine.dialect;
  const rows = yield* all<{ app_name: string; user_id: string | null }>(st.selectStateScopes, []);
  return rows.map((r) =>
    r.user_id === null ? { appName: r.app_name } : { appName: r.app_name, userId: r.user_id },
  );
}

/** The work of {@link SessionEngine.writeScopedState}. */
export function* writeScopedState(
  engine: SessionEngine,
  scope: StateScope,
  state: JsonObject,
): SqlWork<void> {
  const { state: st } = engine.dialect;
  const entries = Object.entries(state).filter(([, v]) => v !== null);
  if (scope.userId === undefined) {
    yield* run(st.clearAppState, [scope.appName]);
    for (const [k, v] of entries)
      yield* run(st.upsertAppState, [scope.appName, k, JSON.stringify(v)]);
  } else {
    yield* run(st.clearUserState, [scope.appName, scope.userId]);
    for (const [k, v] of entries)
      yield* run(st.upsertUserState, [scope.appName, scope.userId, k, JSON.stringify(v)]);
  }
}
