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
  get,
  run,
  SessionEngine,
  type SessionRow,
  type SqlWork,
  sessionStatements as ses,
  type WriteContext,
  watchKeyOf,
} from "@sessionkit/sql";

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

/**
 * The shared engine with a bulk path for embedded batches: each call into the native libSQL
 * binding costs more than into better-sqlite3, so a batch of new events is inserted with one
 * statement instead of one per event. Used only in the common case (active session, expected
 * revision, no partial events, no id repeated or already stored); anything else runs the
 * shared logic, which decides idempotency, STALE and CONFLICT. Same rows, seqs, state and
 * notifications either way.
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
    if (events.length < 2 || events.some((e) => e.partial)) return yield* general();
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
    const watchKey = watchKeyOf(key.appName, key.userId, key.sessionId);
    return events.map((e, i) => {
      const event: SessionEvent = {
        id: ids[i] as string,
        seq: lastSeq + i + 1,
        author: e.author,
        content: JSON.parse(e.contentJson) as JsonValue,
        timestamp: timestamps[i] as number,
      };
      if (e.invocationId !== undefined) event.invocationId = e.invocationId;
      if (e.stateDeltaJson !== null) event.stateDelta = JSON.parse(e.stateDeltaJson) as JsonObject;
      if (e.metadataJson !== null) event.metadata = JSON.parse(e.metadataJson) as JsonObject;
      w.published.push([watchKey, event]);
      return event;
    });
  }
}
