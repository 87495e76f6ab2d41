import {
  type ErrorContext,
  generateId,
  type JsonObject,
  type JsonValue,
  type SessionEvent,
  type SessionKey,
} from "@sessionkit/core";
import {
  applyEntries,
  type PreparedEvent,
  ScopedKeyWrites,
  toStoredEvent,
} from "@sessionkit/core/adapter-kit";
import {
  type AppendFastPath,
  eventInsertValues,
  insertOneEvent,
  type SessionEngine,
  type WriteContext,
  watchKeyOf,
} from "@sessionkit/sql";
import { get, run, type SqlValue, type SqlWork } from "@sessionkit/sql/driver";
import {
  appendFastPathStatements as fast,
  type SessionRow,
  sessionStatements as ses,
} from "@sessionkit/sql/statements";

/** Session-state entries a single append may apply in SQL (more: the shared logic). */
const MAX_SQL_STATE_ENTRIES = 8;

/**
 * Fewer statements for embedded appends: each call into the native
 * libSQL binding costs more than into better-sqlite3, so
 * - one event: the session row is bumped (guarded, `RETURNING` the new seq) instead of read
 *   and then written: one statement fewer;
 * - several events: every event in ONE insert statement instead of one per event.
 * Used only in the common case (active session, expected revision, no partial events, no id
 * repeated or already stored); anything else runs the shared logic, which decides idempotency,
 * STALE, NOT_FOUND and CONFLICT. Same rows, seqs, state and notifications either way.
 */
export class EmbeddedAppendFastPath implements AppendFastPath {
  *tryAppend(
    engine: SessionEngine,
    key: SessionKey,
    events: readonly PreparedEvent[],
    expectedRevision: number | undefined,
    w: WriteContext,
    _ctx: ErrorContext,
  ): SqlWork<SessionEvent[] | null> {
    if (events.length === 0 || events.some((e) => e.partial)) return null;
    const watchKey = watchKeyOf(key.appName, key.userId, key.sessionId);
    if (events.length === 1) {
      const single = yield* this.appendOne(
        engine,
        key,
        events[0] as PreparedEvent,
        expectedRevision,
        w,
      );
      if (single === null) return null;
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
      return null;
    }
    const supplied = events.flatMap((e) => (e.id === undefined ? [] : [e.id]));
    if (new Set(supplied).size !== supplied.length) return null;
    if (supplied.length > 0) {
      const stored = yield* get(fast.anyEventIdStored, [row.pk, JSON.stringify(supplied)]);
      if (stored) return null;
    }
    const lastSeq = Number(row.last_seq);
    const ids = events.map((e) => e.id ?? generateId());
    const timestamps = events.map((e) => e.timestamp ?? w.now);
    const rows = events.map((e, i) =>
      eventInsertValues(e, ids[i] as string, timestamps[i] as number, engine.fullText),
    );
    yield* run(fast.insertEventsFromJson, [row.pk, lastSeq, JSON.stringify(rows)]);
    let state: JsonObject | null = null;
    let scopedWrites: ScopedKeyWrites | null = null;
    for (const e of events) {
      const scoped = e.scoped;
      if (!scoped) continue;
      if (scoped.session.length > 0) {
        state = applyEntries(state ?? (JSON.parse(row.state) as JsonObject), scoped.session);
      }
      scopedWrites ??= new ScopedKeyWrites();
      scopedWrites.add(scoped);
    }
    if (scopedWrites !== null && !scopedWrites.isEmpty) {
      yield* engine.applyScopedRows(key.appName, key.userId, scopedWrites.toDelta());
    }
    yield* run(ses.bumpSession, [
      state === null ? row.state : JSON.stringify(state),
      lastSeq + events.length,
      Number(row.revision) + events.length,
      w.now,
      row.pk,
    ]);
    return events.map((e, i) => {
      const event = toStoredEvent(e, ids[i] as string, lastSeq + i + 1, timestamps[i] as number);
      w.published.push([watchKey, event]);
      return event;
    });
  }

  /** One event in the common case, or null when the shared logic must decide. */
  private *appendOne(
    engine: SessionEngine,
    key: SessionKey,
    e: PreparedEvent,
    expectedRevision: number | undefined,
    w: WriteContext,
  ): SqlWork<SessionEvent | null> {
    const session: Array<readonly [string, JsonValue]> = e.scoped?.session ?? [];
    if (
      session.length > MAX_SQL_STATE_ENTRIES ||
      !session.every(([k]) => fast.isPlainStateKey(k))
    ) {
      return null;
    }
    const id = e.id ?? generateId();
    const timestamp = e.timestamp ?? w.now;
    const params: SqlValue[] = [];
    const stateSql = fast.sessionStateExpression(session, params);
    const expected = expectedRevision ?? null;
    const bumped = yield* get<{ pk: number; last_seq: number }>(fast.bumpOneGuarded(stateSql), [
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
    // The guard above refused a stored id: the insert always writes.
    yield* insertOneEvent(engine, w, Number(bumped.pk), seq, e, id, timestamp);
    if (e.scoped && (e.scoped.app.length > 0 || e.scoped.user.length > 0)) {
      yield* engine.applyScopedRows(key.appName, key.userId, e.scoped);
    }
    return toStoredEvent(e, id, seq, timestamp);
  }
}
