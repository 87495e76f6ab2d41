import {
  type ErrorContext,
  generateId,
  type JsonObject,
  type SessionEvent,
  type SessionKey,
} from "@sessionkit/core";
import {
  applyEntries,
  eventConflict,
  isSameEvent,
  type PreparedEvent,
  ScopedKeyWrites,
  sessionNotFound,
  staleRevision,
  toStoredEvent,
} from "@sessionkit/core/adapter-kit";
import type { SqlRunResult, SqlValue } from "../driver/sql-driver.js";
import { get, run, type SqlWork } from "../driver/sql-work.js";
import { insertOneEvent } from "./insert-one-event.js";
import { type EventRow, rowToEvent, type SessionRow } from "./rows.js";
import type { SessionEngine } from "./session-engine.js";
import { type WriteContext, watchKeyOf } from "./write-context.js";

/** Where an append stands while it walks its batch. */
interface AppendCursor {
  lastSeq: number;
  revision: number;
  /** The session state after the session-scoped deltas so far; null while unchanged. */
  state: JsonObject | null;
  /** The app/user keys the batch writes, each written once before the session is bumped. */
  scopedWrites: ScopedKeyWrites | null;
}

/** The work of {@link SessionEngine.appendEvents}. */
export function* appendEvents(
  engine: SessionEngine,
  key: SessionKey,
  events: readonly PreparedEvent[],
  expectedRevision: number | undefined,
  w: WriteContext,
  ctx: ErrorContext,
): SqlWork<SessionEvent[]> {
  const { events: ev, sessions: ses, bulk } = engine.dialect;
  const indexed = engine.fullText;
  const row = (yield {
    kind: "get",
    // An empty batch writes nothing and runs as a read: no row lock.
    sql: events.length === 0 ? ses.selectSessionByKey : ses.selectSessionForWrite,
    params: [key.appName, key.userId, key.sessionId],
  }) as SessionRow | undefined;
  if (!row || row.status === "expired") throw sessionNotFound(ctx, row !== undefined);
  const pk = row.pk;
  const revisionMoved = expectedRevision !== undefined && expectedRevision !== row.revision;
  if (revisionMoved) {
    // Only an all-duplicates retry may pass: check every stored id first (CONFLICT wins).
    let writes = 0;
    for (const e of events) {
      if (e.partial) continue;
      if (e.id === undefined) {
        writes++;
        continue;
      }
      const stored = yield* get<EventRow>(ev.selectEventById, [pk, e.id]);
      if (!stored) writes++;
      else if (!isSameEvent(rowToEvent(stored), e)) throw eventConflict(ctx, e.id);
    }
    if (writes > 0) throw staleRevision(ctx, expectedRevision as number, row.revision);
  }
  const watchKey = watchKeyOf(key.appName, key.userId, key.sessionId);
  const at: AppendCursor = {
    lastSeq: Number(row.last_seq),
    revision: Number(row.revision),
    state: null,
    scopedWrites: null,
  };
  const out: SessionEvent[] = [];
  const count = events.length;
  let stored = 0;
  for (const e of events) if (!e.partial) stored++;
  // Chunks of up to BULK_EVENT_ROWS stored events, each one multi-row INSERT; the partial
  // events between them ride along and are published in their place.
  let i = 0;
  while (i < count) {
    const size = stored > 1 ? bulk.bulkChunkRows(stored) : 1;
    const ids: string[] = [];
    let j = i;
    while (j < count && ids.length < size) {
      const e = events[j] as PreparedEvent;
      if (!e.partial) ids.push(e.id ?? generateId());
      j++;
    }
    // Trailing partial events of the batch belong to the last chunk.
    if (ids.length === stored) j = count;
    stored -= ids.length;
    if (ids.length > 1) {
      const before = at.lastSeq;
      const width = indexed ? bulk.INDEXED_EVENT_ROW_WIDTH : bulk.EVENT_ROW_WIDTH;
      const params = new Array<SqlValue>(ids.length * width);
      let p = 0;
      let k = 0;
      for (let x = i; x < j; x++) {
        const e = events[x] as PreparedEvent;
        if (e.partial) continue;
        params[p++] = pk;
        params[p++] = before + k + 1;
        params[p++] = ids[k++] as string;
        params[p++] = e.invocationId ?? null;
        params[p++] = e.author;
        params[p++] = e.contentJson;
        params[p++] = e.stateDeltaJson;
        params[p++] = e.metadataJson;
        params[p++] = e.timestamp ?? w.now;
        if (indexed) params[p++] = engine.dialect.searchText(e.content);
      }
      const inserted = (yield {
        kind: "run",
        sql: bulk.insertEventRows(ids.length, true, indexed),
        params,
      }) as SqlRunResult;
      if (inserted.changes === ids.length) {
        k = 0;
        for (let x = i; x < j; x++) {
          const e = events[x] as PreparedEvent;
          if (e.partial) yield* publishPartial(engine, pk, e, at, watchKey, w, out);
          else applyStored(row, e, ids[k++] as string, at, watchKey, w, out);
        }
        i = j;
        continue;
      }
      // An id of the chunk is already stored: undo the chunk and decide row by row (seqs
      // stay gapless; CONFLICT and idempotency exactly as for a single append).
      if (inserted.changes > 0) yield* run(bulk.deleteEventsAfterSeq, [pk, before]);
    }
    let k = 0;
    for (let x = i; x < j; x++) {
      const e = events[x] as PreparedEvent;
      if (e.partial) {
        yield* publishPartial(engine, pk, e, at, watchKey, w, out);
        continue;
      }
      const id = ids[k++] as string;
      const timestamp = e.timestamp ?? w.now;
      if (!(yield* insertOneEvent(engine, w, pk, at.lastSeq + 1, e, id, timestamp))) {
        const found = rowToEvent((yield* get<EventRow>(ev.selectEventById, [pk, id])) as EventRow);
        if (!isSameEvent(found, e)) throw eventConflict(ctx, id);
        out.push(found);
        continue;
      }
      applyStored(row, e, id, at, watchKey, w, out);
    }
    i = j;
  }
  if (at.scopedWrites !== null && !at.scopedWrites.isEmpty) {
    yield* engine.applyScopedRows(key.appName, key.userId, at.scopedWrites.toDelta());
  }
  if (at.revision !== Number(row.revision)) {
    yield {
      kind: "run",
      sql: ses.bumpSession,
      params: [
        at.state === null ? row.state : JSON.stringify(at.state),
        at.lastSeq,
        at.revision,
        w.now,
        pk,
      ],
    };
  }
  return out;
}

/**
 * A partial event: not in the event log, published with seq = the current lastSeq. It is also
 * kept in `partial_events` for a minute, so watchers in other processes receive it; older
 * partial events of every session are dropped here.
 */
function* publishPartial(
  engine: SessionEngine,
  pk: number,
  e: PreparedEvent,
  at: AppendCursor,
  watchKey: string,
  w: WriteContext,
  out: SessionEvent[],
): SqlWork<void> {
  const { partials } = engine.dialect;
  const partial = toStoredEvent(e, e.id ?? generateId(), at.lastSeq, e.timestamp ?? w.now);
  partial.partial = true;
  yield* run(partials.deleteExpiredPartialEvents, [w.now - partials.PARTIAL_EVENT_TTL_MS]);
  yield* run(partials.insertPartialEvent, [pk, JSON.stringify(partial), w.now]);
  w.published.push([watchKey, partial]);
  out.push(structuredClone(partial));
}

/** The effects of one event just inserted at seq lastSeq + 1: counters, state, notification. */
function applyStored(
  row: SessionRow,
  e: PreparedEvent,
  id: string,
  at: AppendCursor,
  watchKey: string,
  w: WriteContext,
  out: SessionEvent[],
): void {
  at.lastSeq += 1;
  at.revision += 1;
  const scoped = e.scoped;
  if (scoped) {
    if (scoped.session.length > 0) {
      at.state = applyEntries(at.state ?? (JSON.parse(row.state) as JsonObject), scoped.session);
    }
    // Written once per key after the batch (same rows: one transaction, last write wins).
    at.scopedWrites ??= new ScopedKeyWrites();
    at.scopedWrites.add(scoped);
  }
  const stored = toStoredEvent(e, id, at.lastSeq, e.timestamp ?? w.now);
  if (w.watched) w.published.push([watchKey, stored]);
  out.push(stored);
}
