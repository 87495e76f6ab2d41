import {
  applyEntries,
  canonicalJson,
  compareStrings as cmp,
  type ErrorContext,
  encodeSessionCursor,
  eventConflict,
  generateId,
  isSameEvent,
  type JsonObject,
  type JsonValue,
  type MetaEntry,
  type NormalizedGetOptions,
  type NormalizedListEvents,
  type NormalizedListSessions,
  type NormalizedSearch,
  type PreparedEvent,
  type ScopedDelta,
  type SearchHit,
  type Session,
  type SessionEvent,
  type SessionKey,
  type SessionSnapshot,
  type StateScope,
  scanSnippet,
  searchableText,
  sessionAlreadyExists,
  sessionNotFound,
  staleRevision,
  toStoredEvent,
} from "@sessionkit/core";
import type { SqlRunResult, SqlValue } from "../driver/sql-driver.js";
import { all, get, run, type SqlWork } from "../driver/sql-work.js";
import * as bulk from "../statements/bulk-event-statements.js";
import { bulkChunkRows } from "../statements/bulk-event-statements.js";
import * as ev from "../statements/event-statements.js";
import { listSessionsQuery } from "../statements/list-sessions-query.js";
import * as meta from "../statements/meta-statements.js";
import * as partials from "../statements/partial-event-statements.js";
import * as search from "../statements/search-statements.js";
import * as ses from "../statements/session-statements.js";
import * as st from "../statements/state-statements.js";
import type { AppendFastPath } from "./append-fast-path.js";
import {
  type EventRow,
  rowsToState,
  rowToEvent,
  rowToSession,
  rowToSnapshot,
  type SessionRow,
  type StateRow,
  splitScopedRows,
} from "./rows.js";
import { type WriteContext, watchKeyOf } from "./write-context.js";

/** Where an append stands while it walks its batch. */
interface AppendCursor {
  lastSeq: number;
  revision: number;
  /** The session state after the session-scoped deltas so far; null while unchanged. */
  state: JsonObject | null;
}

const keyParams = (key: SessionKey): SqlValue[] => [key.appName, key.userId, key.sessionId];

/**
 * The repository logic of every SQL adapter, as {@link SqlWork} generators over the shared
 * statements. Inputs are already validated; each method is one atomic unit that the caller
 * runs inside a write transaction (or savepoint) when it writes.
 */
export class SessionEngine {
  /** Whether full-text indexing is on (search uses FTS5), else search scans. */
  fullText = true;

  /** @param fastPath the adapter's shortcut for the common append, tried first (optional). */
  constructor(private readonly fastPath?: AppendFastPath) {}

  /**
   * The app state of `appName` and the user state of (`appName`, `userId`), read in one
   * statement; a scope without keys gives `{}`.
   */
  *scopedStateFor(appName: string, userId: string): SqlWork<{ app: JsonObject; user: JsonObject }> {
    const rows = yield* all<StateRow>(st.selectScopedStateForSession, [appName, appName, userId]);
    const { app, users } = splitScopedRows(rows);
    return { app, user: users.get(userId) ?? {} };
  }

  /** Applies app and user entries of a delta (null deletes). Direct yields: on the append path. */
  *applyScopedRows(appName: string, userId: string, scoped: ScopedDelta): SqlWork<void> {
    for (const [key, value] of scoped.app) {
      if (value === null) {
        yield { kind: "run", sql: st.deleteAppStateKey, params: [appName, key] };
      } else {
        yield {
          kind: "run",
          sql: st.upsertAppState,
          params: [appName, key, JSON.stringify(value)],
        };
      }
    }
    for (const [key, value] of scoped.user) {
      if (value === null) {
        yield { kind: "run", sql: st.deleteUserStateKey, params: [appName, userId, key] };
      } else {
        yield {
          kind: "run",
          sql: st.upsertUserState,
          params: [appName, userId, key, JSON.stringify(value)],
        };
      }
    }
  }

  /**
   * Inserts an active session (revision 1, lastSeq 0, createdAt = updatedAt = `w.now`) whose
   * state is the session-scoped entries of `scoped`, and applies its app/user entries. Returns
   * the new session with its app and user state merged in and no events.
   * @throws ALREADY_EXISTS (`sessionAlreadyExists`) when the key is taken; nothing is written.
   */
  *createSession(
    key: SessionKey,
    scoped: ScopedDelta | null,
    metadata: JsonObject,
    w: WriteContext,
    ctx: ErrorContext,
  ): SqlWork<Session> {
    const state = scoped ? applyEntries({}, scoped.session) : {};
    const result = yield* run(ses.insertSession, [
      ...keyParams(key),
      JSON.stringify(state),
      JSON.stringify(metadata),
      w.now,
      w.now,
    ]);
    if (result.changes === 0) {
      throw sessionAlreadyExists(ctx);
    }
    if (scoped) yield* this.applyScopedRows(key.appName, key.userId, scoped);
    const row = yield* get<SessionRow>(ses.selectSessionByKey, keyParams(key));
    const { app, user } = yield* this.scopedStateFor(key.appName, key.userId);
    return rowToSession(row as SessionRow, app, user, []);
  }

  /**
   * The session with the events `o` asks for (the last `recentEvents`, after `afterSeq`, at or
   * after `afterTimestamp`; ascending seq). Null (no throw) when it does not exist, or is
   * expired and `o.includeExpired` is not set.
   */
  *getSession(key: SessionKey, o: NormalizedGetOptions): SqlWork<Session | null> {
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
    const { app, user } = yield* this.scopedStateFor(key.appName, key.userId);
    return rowToSession(row, app, user, events);
  }

  /**
   * The append path. Fast path (no expectedRevision mismatch): insert with ON CONFLICT DO
   * NOTHING and compare only when the id was already stored. Idempotency is decided before
   * STALE, so a plain retry of a request that succeeded is harmless. The adapter's
   * {@link AppendFastPath}, when there is one, is tried first.
   */
  *appendEvents(
    key: SessionKey,
    events: readonly PreparedEvent[],
    expectedRevision: number | undefined,
    w: WriteContext,
    ctx: ErrorContext,
  ): SqlWork<SessionEvent[]> {
    if (this.fastPath && events.length > 0) {
      const fast = yield* this.fastPath.tryAppend(this, key, events, expectedRevision, w, ctx);
      if (fast !== null) return fast;
    }
    const row = (yield {
      kind: "get",
      sql: ses.selectSessionByKey,
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
    };
    const out: SessionEvent[] = [];
    const count = events.length;
    let stored = 0;
    for (const e of events) if (!e.partial) stored++;
    // Chunks of up to BULK_EVENT_ROWS stored events, each one multi-row INSERT; the partial
    // events between them ride along and are published in their place.
    let i = 0;
    while (i < count) {
      const size = stored > 1 ? bulkChunkRows(stored) : 1;
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
        const params = new Array<SqlValue>(ids.length * bulk.EVENT_ROW_WIDTH);
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
        }
        const inserted = (yield {
          kind: "run",
          sql: bulk.insertEventRows(ids.length, true),
          params,
        }) as SqlRunResult;
        if (inserted.changes === ids.length) {
          k = 0;
          for (let x = i; x < j; x++) {
            const e = events[x] as PreparedEvent;
            if (e.partial) yield* this.publishPartial(pk, e, at, watchKey, w, out);
            else yield* this.applyStored(key, row, e, ids[k++] as string, at, watchKey, w, out);
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
          yield* this.publishPartial(pk, e, at, watchKey, w, out);
          continue;
        }
        const id = ids[k++] as string;
        const timestamp = e.timestamp ?? w.now;
        const inserted = (yield {
          kind: "run",
          sql: ev.insertEvent,
          params: [
            pk,
            at.lastSeq + 1,
            id,
            e.invocationId ?? null,
            e.author,
            e.contentJson,
            e.stateDeltaJson,
            e.metadataJson,
            timestamp,
          ],
        }) as SqlRunResult;
        if (inserted.changes === 0) {
          const found = rowToEvent(
            (yield* get<EventRow>(ev.selectEventById, [pk, id])) as EventRow,
          );
          if (!isSameEvent(found, e)) throw eventConflict(ctx, id);
          out.push(found);
          continue;
        }
        yield* this.applyStored(key, row, e, id, at, watchKey, w, out);
      }
      i = j;
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
  private *publishPartial(
    pk: number,
    e: PreparedEvent,
    at: AppendCursor,
    watchKey: string,
    w: WriteContext,
    out: SessionEvent[],
  ): SqlWork<void> {
    const partial = toStoredEvent(e, e.id ?? generateId(), at.lastSeq, e.timestamp ?? w.now);
    partial.partial = true;
    yield* run(partials.deleteExpiredPartialEvents, [w.now - partials.PARTIAL_EVENT_TTL_MS]);
    yield* run(partials.insertPartialEvent, [pk, JSON.stringify(partial), w.now]);
    w.published.push([watchKey, partial]);
    out.push(structuredClone(partial));
  }

  /** The effects of one event just inserted at seq lastSeq + 1: counters, state, notification. */
  private *applyStored(
    key: SessionKey,
    row: SessionRow,
    e: PreparedEvent,
    id: string,
    at: AppendCursor,
    watchKey: string,
    w: WriteContext,
    out: SessionEvent[],
  ): SqlWork<void> {
    at.lastSeq += 1;
    at.revision += 1;
    const scoped = e.scoped;
    if (scoped) {
      if (scoped.session.length > 0) {
        at.state = applyEntries(at.state ?? (JSON.parse(row.state) as JsonObject), scoped.session);
      }
      if (scoped.app.length > 0 || scoped.user.length > 0) {
        yield* this.applyScopedRows(key.appName, key.userId, scoped);
      }
    }
    const stored = toStoredEvent(e, id, at.lastSeq, e.timestamp ?? w.now);
    if (w.watched) w.published.push([watchKey, stored]);
    out.push(stored);
  }

  /**
   * One page of the session's events with seq strictly between `afterSeq` and `beforeSeq`, in
   * `o.order`, at most `o.limit`. `nextSeq` is the seq of the last returned event when more
   * follow, else null.
   * @throws NOT_FOUND when the session does not exist, or is expired and `o.includeExpired`
   * is not set.
   */
  *listEvents(
    key: SessionKey,
    o: NormalizedListEvents,
    ctx: ErrorContext,
  ): SqlWork<{ events: SessionEvent[]; nextSeq: number | null }> {
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

  /**
   * One page of sessions. The keyset condition and order are served by an index; a metadata
   * filter is applied to the rows in order (exact JSON equality), reading further chunks until
   * the page is full, so cursors stay exact.
   */
  *listSessions(
    o: NormalizedListSessions,
  ): SqlWork<{ sessions: Session[]; nextCursor: string | null }> {
    const wanted = o.metadata
      ? Object.entries(o.metadata).map(([k, v]) => [k, canonicalJson(v)] as const)
      : [];
    const chunk = wanted.length > 0 ? Math.max(64, (o.limit + 1) * 2) : o.limit + 1;
    const matched: SessionRow[] = [];
    let after = o.cursor
      ? { value: o.cursor.value, userId: o.cursor.userId, id: o.cursor.id }
      : undefined;
    for (;;) {
      const q = listSessionsQuery(o, after, chunk);
      const rows = yield* all<SessionRow>(q.sql, q.params);
      for (const r of rows) {
        if (wanted.length > 0) {
          const m = JSON.parse(r.metadata) as JsonObject;
          if (!wanted.every(([k, v]) => Object.hasOwn(m, k) && canonicalJson(m[k]) === v)) continue;
        }
        matched.push(r);
        if (matched.length > o.limit) break;
      }
      if (matched.length > o.limit || rows.length < chunk) break;
      const last = rows[rows.length - 1] as SessionRow;
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
    const sessions = page.map((r) =>
      rowToSession(r, scoped.app, scoped.users.get(r.user_id) ?? {}),
    );
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

  /**
   * Deletes the session with its events and full-text rows (cascade). Returns false (no throw)
   * when it did not exist; on true, queues an end-of-stream (null) for its watchers in `w`.
   */
  *deleteSession(key: SessionKey, w: WriteContext): SqlWork<boolean> {
    const result = yield* run(ses.deleteSessionByKey, keyParams(key));
    if (result.changes > 0) {
      w.published.push([watchKeyOf(key.appName, key.userId, key.sessionId), null]);
      return true;
    }
    return false;
  }

  /** Every user-scoped key of (`appName`, `userId`) as one object; `{}` when there is none. */
  *getUserState(appName: string, userId: string): SqlWork<JsonObject> {
    return rowsToState(yield* all<StateRow>(st.selectUserState, [appName, userId]));
  }

  /** Every app-scoped key of `appName` as one object; `{}` when there is none. */
  *getAppState(appName: string): SqlWork<JsonObject> {
    return rowsToState(yield* all<StateRow>(st.selectAppState, [appName]));
  }

  /**
   * Marks the session expired (expiredAt = `w.now`, revision + 1; updatedAt unchanged).
   * Returns false when it was already expired (nothing written), true when this call expired it.
   * @throws NOT_FOUND when the session does not exist.
   */
  *expireSession(key: SessionKey, w: WriteContext, ctx: ErrorContext): SqlWork<boolean> {
    const row = yield* get<SessionRow>(ses.selectSessionByKey, keyParams(key));
    if (!row) throw sessionNotFound(ctx, false);
    if (row.status === "expired") return false;
    yield* run(ses.expireSessionByPk, [w.now, row.pk]);
    return true;
  }

  /**
   * Expires every active session (of `appName`, or of every app when undefined) whose
   * updatedAt is before `idleSince` (ms since the epoch): expiredAt = `w.now`, revision + 1.
   * Returns how many were expired; one statement, so all or none.
   */
  *expireIdleSessions(
    idleSince: number,
    appName: string | undefined,
    w: WriteContext,
  ): SqlWork<number> {
    const result =
      appName === undefined
        ? yield* run(ses.expireIdleAll, [w.now, idleSince])
        : yield* run(ses.expireIdleInApp, [w.now, appName, idleSince]);
    return result.changes;
  }

  /** One purge batch: deletes up to `batchSize` expired sessions (cascade: events, FTS rows). */
  *purgeBatch(expiredBefore: number | undefined, batchSize: number): SqlWork<number> {
    const result =
      expiredBefore === undefined
        ? yield* run(ses.purgeBatchAll, [batchSize])
        : yield* run(ses.purgeBatchBefore, [expiredBefore, batchSize]);
    return result.changes;
  }

  /**
   * Search. Full text: FTS5 finds candidates (every term, AND); hits are ordered like the
   * reference (newest event first, then key, then seq descending) and carry a snippet with the
   * matched terms in [ ]. Without full text: a scan of the matching sessions' events.
   */
  *searchEvents(o: NormalizedSearch): SqlWork<SearchHit[]> {
    type HitRow = EventRow & { app_name: string; user_id: string; session_id: string };
    const hits: SearchHit[] = [];
    const consider = (r: HitRow) => {
      const event = rowToEvent(r);
      const snippet = scanSnippet(searchableText(event.content), o.terms);
      if (snippet === null) return;
      hits.push({
        key: { appName: r.app_name, userId: r.user_id, sessionId: r.session_id },
        event,
        snippet,
      });
    };
    if (this.fullText) {
      const params: SqlValue[] = [o.terms.map((t) => `"${t}"`).join(" "), o.appName];
      if (o.userId !== undefined) params.push(o.userId);
      if (o.sessionId !== undefined) params.push(o.sessionId);
      // Slack for hits the snippet check drops (tokenizer corner cases); order is final already.
      params.push(o.limit + 50);
      const rows = yield* all<HitRow>(
        search.fullTextSearch(o.userId !== undefined, o.sessionId !== undefined),
        params,
      );
      rows.forEach(consider);
    } else {
      const params: SqlValue[] = [o.appName];
      if (o.userId !== undefined) params.push(o.userId);
      if (o.sessionId !== undefined) params.push(o.sessionId);
      const sessions = yield* all<{
        pk: number;
        app_name: string;
        user_id: string;
        session_id: string;
      }>(search.scanSearchSessions(o.userId !== undefined, o.sessionId !== undefined), params);
      for (const s of sessions) {
        let after = 0;
        for (;;) {
          const rows = yield* all<EventRow>(ev.selectEventsAfterSeq, [s.pk, after, 500]);
          for (const r of rows)
            consider({ ...r, app_name: s.app_name, user_id: s.user_id, session_id: s.session_id });
          if (rows.length < 500) break;
          after = Number((rows[rows.length - 1] as EventRow).seq);
        }
      }
    }
    hits.sort(
      (a, b) =>
        b.event.timestamp - a.event.timestamp ||
        compareKeyParts(a.key, b.key) ||
        b.event.seq - a.event.seq,
    );
    return hits.slice(0, o.limit);
  }

  /**
   * The whole stored session (expired ones too) with every event in seq order, for export and
   * migration; null (no throw) when it does not exist.
   */
  *readSnapshot(key: SessionKey): SqlWork<SessionSnapshot | null> {
    const row = yield* get<SessionRow>(ses.selectSessionByKey, keyParams(key));
    if (!row) return null;
    const events = (yield* all<EventRow>(ev.selectAllEvents, [row.pk])).map(rowToEvent);
    return rowToSnapshot(row, events);
  }

  /**
   * Stores a snapshot verbatim (status, timestamps, lastSeq, revision, event ids and seqs).
   * "replace" deletes any stored session of that key first (with its events); "if-newer" leaves
   * a stored session whose revision is at least the snapshot's alone and returns "skipped".
   * Notifies no watchers. Run it in a write transaction so the replace is atomic.
   */
  *writeSnapshot(
    s: SessionSnapshot,
    mode: "replace" | "if-newer",
    _w: WriteContext,
  ): SqlWork<"written" | "skipped"> {
    const key = { appName: s.appName, userId: s.userId, sessionId: s.id };
    const row = yield* get<SessionRow>(ses.selectSessionByKey, keyParams(key));
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
      const size = bulkChunkRows(events.length - i);
      const params = new Array<SqlValue>(size * bulk.EVENT_ROW_WIDTH);
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
      }
      yield { kind: "run", sql: bulk.insertEventRows(size, false), params };
    }
    return "written";
  }

  /**
   * Up to `limit` session keys (expired ones included) strictly after `after` (from the start
   * when undefined), in ascending (appName, userId, sessionId) order, only of `appName` when
   * given. Keyset pagination: pass the last key returned to get the next page; [] at the end.
   */
  *scanSessions(
    after: SessionKey | undefined,
    limit: number,
    appName: string | undefined,
  ): SqlWork<SessionKey[]> {
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

  /**
   * Every scope that holds app or user state: `{ appName }` for app state, `{ appName, userId }`
   * for user state, ordered by appName, the app scope before its users, then by userId.
   */
  *listStateScopes(): SqlWork<StateScope[]> {
    const rows = yield* all<{ app_name: string; user_id: string | null }>(st.selectStateScopes, []);
    return rows.map((r) =>
      r.user_id === null ? { appName: r.app_name } : { appName: r.app_name, userId: r.user_id },
    );
  }

  /**
   * Replaces the whole state of one scope (app when `scope.userId` is undefined, else user):
   * deletes its keys, then writes every non-null entry of `state`. Run it in a write
   * transaction so readers never see the scope half written.
   */
  *writeScopedState(scope: StateScope, state: JsonObject): SqlWork<void> {
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

  /** The JSON value stored in sessionkit_meta under `name`, or null when there is none. */
  *getMeta(name: string): SqlWork<JsonValue | null> {
    const row = yield* get<{ value: string }>(meta.selectMeta, [name]);
    return row ? (JSON.parse(row.value) as JsonValue) : null;
  }

  /** Stores `value` (as JSON) under `name` in sessionkit_meta, replacing any; null deletes it. */
  *setMeta(name: string, value: JsonValue | null): SqlWork<void> {
    if (value === null) yield* run(meta.deleteMeta, [name]);
    else yield* run(meta.upsertMeta, [name, JSON.stringify(value)]);
  }

  /**
   * Up to `limit` sessionkit_meta entries whose name starts with `prefix` and sorts after
   * `after` (from the first when undefined), in ascending name order.
   */
  *listMeta(prefix: string, after: string | undefined, limit: number): SqlWork<MetaEntry[]> {
    const rows = yield* all<{ name: string; value: string }>(meta.listMetaByPrefix, [
      after ?? "",
      prefix,
      prefix,
      prefix,
      limit,
    ]);
    return rows.map((r) => ({ name: r.name, value: JSON.parse(r.value) as JsonValue }));
  }

  /** The stored lastSeq, or null when the session is missing. */
  *lastSeqOf(key: SessionKey): SqlWork<number | null> {
    const row = yield* get<SessionRow>(ses.selectSessionByKey, keyParams(key));
    return row ? Number(row.last_seq) : null;
  }

  /**
   * Where a new watcher starts: the stored lastSeq and the highest partial-event row id (partial
   * events kept before it are not replayed); null when the session is missing.
   */
  *watchStart(key: SessionKey): SqlWork<{ lastSeq: number; lastPartialId: number } | null> {
    const lastSeq = yield* this.lastSeqOf(key);
    if (lastSeq === null) return null;
    const row = yield* get<{ id: number }>(partials.selectLastPartialEventId, []);
    return { lastSeq, lastPartialId: Number(row?.id ?? 0) };
  }

  /**
   * What a watcher has not seen: stored events after `afterSeq` (ascending seq) and partial
   * events kept after row id `afterPartialId` (in append order, each with its row id); null when
   * the session is missing.
   */
  *changesAfter(
    key: SessionKey,
    afterSeq: number,
    afterPartialId: number,
  ): SqlWork<{ events: SessionEvent[]; partials: Array<[number, SessionEvent]> } | null> {
    const row = yield* get<SessionRow>(ses.selectSessionByKey, keyParams(key));
    if (!row) return null;
    const events =
      Number(row.last_seq) <= afterSeq
        ? []
        : (yield* all<EventRow>(ev.selectRecentEvents(false, false), [row.pk, afterSeq])).map(
            rowToEvent,
          );
    const kept = yield* all<{ id: number; event: string }>(partials.selectPartialEventsAfter, [
      row.pk,
      afterPartialId,
    ]);
    return {
      events,
      partials: kept.map((r) => [Number(r.id), JSON.parse(r.event) as SessionEvent]),
    };
  }
}

function sortValue(o: NormalizedListSessions, r: SessionRow): number | string {
  return o.orderBy === "id"
    ? r.session_id
    : o.orderBy === "createdAt"
      ? Number(r.created_at)
      : Number(r.updated_at);
}

function compareKeyParts(a: SessionKey, b: SessionKey): number {
  return cmp(a.appName, b.appName) || cmp(a.userId, b.userId) || cmp(a.sessionId, b.sessionId);
}
