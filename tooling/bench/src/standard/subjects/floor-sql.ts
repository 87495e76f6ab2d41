import type { JsonObject, JsonValue, SessionEvent } from "@sessionkit/core";
import { mergeState, normalizeListSessionsOptions } from "@sessionkit/core/adapter-kit";
import type { SqlDialect } from "@sessionkit/sql";
import {
  bulkEventStatements as bulk,
  type EventRow,
  listSessionsQuery,
  type SessionRow,
  type StateRow,
} from "@sessionkit/sql/statements";
import type { BenchEvent } from "../subject.js";
import { APP } from "./repository-subject.js";

/**
 * What the raw floors share: the adapters' row mapping and the SQL texts they send that
 * @sessionkit/sql does not export. The floors run the adapters' exact statements, in the same
 * transactions, with nothing else (no validation, no retries, no watchers).
 */

/**
 * The adapters' multi-row event INSERT with the search terms (full-text indexing is on by
 * default): `rows` rows of ten parameters, duplicates of an event id skipped.
 */
export function insertIndexedEventRowsSql(rows: number): string {
  return bulk.insertEventRows(rows, true, true);
}

/** Rows of the next multi-row INSERT chunk when `remaining` are left (the adapters' rule). */
export const chunkRows = (remaining: number): number => bulk.bulkChunkRows(remaining);

/** A delta split by scope prefix: session keys, `user:` keys (prefix removed); `temp:` dropped. */
export function splitDelta(delta: Readonly<Record<string, unknown>>): {
  session: Array<[string, JsonValue]>;
  user: Array<[string, JsonValue]>;
} {
  const session: Array<[string, JsonValue]> = [];
  const user: Array<[string, JsonValue]> = [];
  for (const [k, v] of Object.entries(delta)) {
    if (k.startsWith("user:")) user.push([k.slice(5), v as JsonValue]);
    else if (!k.startsWith("temp:") && !k.startsWith("app:")) session.push([k, v as JsonValue]);
  }
  return { session, user };
}

/** The nine parameters of an event row. */
export function eventParams(pk: number, seq: number, e: BenchEvent): unknown[] {
  return [
    pk,
    seq,
    e.id,
    null,
    e.author,
    JSON.stringify(e.content),
    e.stateDelta ? JSON.stringify(e.stateDelta) : null,
    null,
    e.timestamp,
  ];
}

/**
 * The ten parameters of an indexed event row: the nine of {@link eventParams} and the event's
 * search text, computed per event by the adapter's dialect (`SqlDialect.searchText`: printable
 * ASCII as it is for SQLite's FTS5, core's terms for PostgreSQL), as the adapters write it.
 */
export function indexedEventParams(
  pk: number,
  seq: number,
  e: BenchEvent,
  searchText: SqlDialect["searchText"],
): unknown[] {
  return [...eventParams(pk, seq, e), searchText(e.content as unknown as JsonValue)];
}

export function toEvent(r: EventRow): SessionEvent {
  const e: SessionEvent = {
    id: r.event_id,
    seq: Number(r.seq),
    author: r.author,
    content: JSON.parse(r.content),
    timestamp: Number(r.timestamp),
  };
  if (r.state_delta !== null) e.stateDelta = JSON.parse(r.state_delta);
  if (r.metadata !== null) e.metadata = JSON.parse(r.metadata);
  return e;
}

/** A session as getSession returns it: merged state, metadata, events oldest first. */
export function assembleSession(
  row: SessionRow,
  eventsNewestFirst: EventRow[],
  scoped: StateRow[],
) {
  const app: JsonObject = {};
  const user: JsonObject = {};
  for (const r of scoped) (Number(r.scope) === 0 ? app : user)[r.key] = JSON.parse(r.value);
  const events: SessionEvent[] = [];
  for (let i = eventsNewestFirst.length - 1; i >= 0; i--) {
    events.push(toEvent(eventsNewestFirst[i] as EventRow));
  }
  return {
    id: row.session_id,
    state: mergeState(JSON.parse(row.state), app, user),
    metadata: JSON.parse(row.metadata),
    events,
  };
}

/** A listSessions page: merged states, no events. */
export function assemblePage(
  rows: ReadonlyArray<Pick<SessionRow, "session_id" | "state" | "metadata"> & { user_id?: string }>,
  scoped: StateRow[],
  listedUserId?: string,
) {
  const app: JsonObject = {};
  const byUser = new Map<string, JsonObject>();
  for (const r of scoped) {
    if (Number(r.scope) === 0) app[r.key] = JSON.parse(r.value);
    else {
      const u = byUser.get(r.user_id as string) ?? {};
      u[r.key] = JSON.parse(r.value);
      byUser.set(r.user_id as string, u);
    }
  }
  return rows.map((r) => ({
    id: r.session_id,
    state: mergeState(
      JSON.parse(r.state),
      app,
      byUser.get(listedUserId ?? (r.user_id as string)) ?? {},
    ),
    metadata: JSON.parse(r.metadata),
  }));
}

/** The adapters' listSessions query for one user's `limit` most recently updated sessions (+1 to detect more). */
export function listQuery(userId: string, limit: number): { sql: string; params: unknown[] } {
  const normalized = normalizeListSessionsOptions(
    { appName: APP, userId, limit },
    { adapter: "bench", operation: "listSessions" },
  );
  return listSessionsQuery(normalized, undefined, limit + 1);
}

/** The session state after applying session-scoped delta entries. */
export function applySessionEntries(
  stateJson: string,
  entries: Array<[string, JsonValue]>,
): string {
  const state = JSON.parse(stateJson) as JsonObject;
  for (const [k, v] of entries) {
    if (v === null) delete state[k];
    else state[k] = v;
  }
  return JSON.stringify(state);
}
