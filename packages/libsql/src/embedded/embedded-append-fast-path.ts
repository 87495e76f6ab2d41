import {
  applyEntries,
  type ErrorContext,
  generateId,
  type JsonObject,
  type JsonValue,
  type PreparedEvent,
  type SessionEvent,
  type SessionKey,
} from "@sessionkit/core";
import {
  eventStatements as ev,
  get,
  run,
  SessionEngine,
  type SessionRow,
  type SqlValue,
  type SqlWork,
  sessionStatements as ses,
  type WriteContext,
  watchKeyOf,
} from "@sessionkit/sql";
import { isPlainKey, stateExpression } from "../sql/state-expression.js";
import { storedEvent } from "../sql/stored-event.js";

/**
 * Every event of a batch in ONE statement: the rows travel as one JSON array
 * `[[id, invocationId, author, contentJson, stateDeltaJson, metadataJson, timestamp], …]`.
 */
const INSERT_EVENTS = `INSERT INTO events (session_pk, seq, event_id, invocation_id, author, content, state_delta, metadata, timestamp)
SELECT ?, ? + key + 1, value ->> '$[0]', value ->> '$[1]', value ->> '$[2]', value ->> '$[3]',
  value ->> '$[4]', value ->> '$[5]', value ->> '$[6]'
FROM json_each(?) ORDER BY key`;

const ANY_STORED = `SELECT 1 AS hit FROM events
WHERE session_pk = ? AND event_id IN (SELECT value FROM json_each(?)) LIMIT 1`;

/** The single-event bump: only an active session, at the expected revision, without this id. */
function bumpOne(stateSql: string): string {
  return `UPDATE sessions SET state = ${stateSql}, last_seq = last_seq + 1, revision = revision + 1, updated_at = ?
WHERE app_name = ? AND user_id = ? AND session_id = ? AND status = 'active'
  AND (? IS NULL OR revision = ?)
  AND NOT EXISTS (SELECT 1 FROM events WHERE session_pk = sessions.pk AND event_id = ?)
RETURNING pk, last_seq`;
}

/** Session-state entries a single append may apply in SQL (more: the shared logic). */
const MAX_SQL_STATE_ENTRIES = 8;

/**
 * The shared engine with fewer statements for embedded appends: each call into the native
 * libSQL binding costs more than into better-sqlite3, so
 * - one event: the session row is bumped (guarded, `RETURNING` the new seq) instead of read
 *   and then written: one statement fewer;
 * - several events: every event in ONE insert statement instead of one per event.
 * Used only in the common case (active session, expected revision, no partial events, no id
 * repeated or already stored); anything else runs the shared logic, which decides idempotency,
 * STALE, NOT_FOUND and CONFLICT. Same rows, seqs, state and notifications either way.
 */
export class BulkSessionEngine extends SessionEngine {
  override *appendEvents(
    key: SessionKey,
    events: readonly PreparedEvent[],
    expectedRevision: number | undefined,
    w: WriteContext,
    ctx: ErrorContext,
  ): SqlWork<SessionEvent[]> {
    const general = () => super.appendEvents(key, events, expectedRevision, w, ctx);
    if (events.length === 0 || events.some((e) => e.partial)) return yield* general();
    const watchKey = watchKeyOf(key.appName, key.userId, key.sessionId);
    if (events.length === 1) {
      const single = yield* this.appendOne(key, events[0] as PreparedEvent, expectedRevision, w);
      if (single === null) return yield* general();
      w.published.push([watchKey, single]);
      return [single];
    }
    const row = yield* get<SessionRow>(ses.selectSessionByKey, [
      key.appName,
      key.userId,
      key.sessionId,
    ]);
    if (
      !row ||
      row.status === "expired" ||
      (expectedRevision !== undefined && expectedRevision !== Number(row.revision))
    ) {
      return yield* general();
    }
    const supplied = events.flatMap((e) => (e.id === undefined ? [] : [e.id]));
    if (new Set(supplied).size !== supplied.length) return yield* general();
    if (supplied.length > 0) {
      const stored = yield* get(ANY_STORED, [row.pk, JSON.stringify(supplied)]);
      if (stored) return yield* general();
    }
    const lastSeq = Number(row.last_seq);
    const ids = events.map((e) => e.id ?? generateId());
    const timestamps = events.map((e) => e.timestamp ?? w.now);
    const rows = events.map((e, i) => [
      ids[i],
      e.invocationId ?? null,
      e.author,
      e.contentJson,
      e.stateDeltaJson,
      e.metadataJson,
      timestamps[i],
    ]);
    yield* run(INSERT_EVENTS, [row.pk, lastSeq, JSON.stringify(rows)]);
    let state: JsonObject | null = null;
    for (const e of events) {
      const scoped = e.scoped;
      if (!scoped) continue;
      if (scoped.session.length > 0) {
        state = applyEntries(state ?? (JSON.parse(row.state) as JsonObject), scoped.session);
      }
      if (scoped.app.length > 0 || scoped.user.length > 0) {
        yield* this.applyScopedRows(key.appName, key.userId, scoped);
      }
    }
    yield* run(ses.bumpSession, [
      state === null ? row.state : JSON.stringify(state),
      lastSeq + events.length,
      Number(row.revision) + events.length,
      w.now,
      row.pk,
    ]);
    return events.map((e, i) => {
      const event = storedEvent(e, ids[i] as string, lastSeq + i + 1, timestamps[i] as number);
      w.published.push([watchKey, event]);
      return event;
    });
  }

  /** One event in the common case, or null when the shared logic must decide. */
  private *appendOne(
    key: SessionKey,
    e: PreparedEvent,
    expectedRevision: number | undefined,
    w: WriteContext,
  ): SqlWork<SessionEvent | null> {
    const session: Array<readonly [string, JsonValue]> = e.scoped?.session ?? [];
    if (session.length > MAX_SQL_STATE_ENTRIES || !session.every(([k]) => isPlainKey(k))) {
      return null;
    }
    const id = e.id ?? generateId();
    const timestamp = e.timestamp ?? w.now;
    const params: SqlValue[] = [];
    const stateSql = stateExpression(session, params);
    const expected = expectedRevision ?? null;
    const bumped = yield* get<{ pk: number; last_seq: number }>(bumpOne(stateSql), [
      ...params,
      w.now,
      key.appName,
      key.userId,
      key.sessionId,
      expected,
      expected,
      id,
    ]);
    if (!bumped) return null;
    const seq = Number(bumped.last_seq);
    yield* run(ev.insertEvent, [
      bumped.pk,
      seq,
      id,
      e.invocationId ?? null,
      e.author,
      e.contentJson,
      e.stateDeltaJson,
      e.metadataJson,
      timestamp,
    ]);
    if (e.scoped && (e.scoped.app.length > 0 || e.scoped.user.length > 0)) {
      yield* this.applyScopedRows(key.appName, key.userId, e.scoped);
    }
    return storedEvent(e, id, seq, timestamp);
  }
}
