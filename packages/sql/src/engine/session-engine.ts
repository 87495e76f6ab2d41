import type {
  ErrorContext,
  GetOrCreateSessionResult,
  JsonObject,
  JsonValue,
  MetaEntry,
  SearchHit,
  Session,
  SessionEvent,
  SessionKey,
  SessionSnapshot,
  StateScope,
} from "@sessionkit/core";
import type {
  GetOrCreateSessionInput,
  NormalizedGetOptions,
  NormalizedListEvents,
  NormalizedListSessions,
  NormalizedSearch,
  PreparedEvent,
  ScopedDelta,
} from "@sessionkit/core/adapter-kit";
import { all, type SqlWork } from "../driver/sql-work.js";
import { type SqlDialect, sqliteDialect } from "../statements/sql-dialect.js";
import * as appendWork from "./append-events.js";
import type { AppendFastPath } from "./append-fast-path.js";
import * as metaAndWatchReads from "./meta-and-watch-reads.js";
import * as readWork from "./read-sessions.js";
import { rowsToState, type StateRow, splitScopedRows } from "./rows.js";
import * as searchWork from "./search-events.js";
import * as lifecycleWork from "./session-lifecycle.js";
import * as snapshotWork from "./snapshot-io.js";
import type { WriteContext } from "./write-context.js";

/**
 * The repository logic of every SQL adapter, as {@link SqlWork} generators over the shared
 * statements. Inputs are already validated; each method is one atomic unit that the caller
 * runs inside a write transaction (or savepoint) when it writes. The work itself lives by job
 * in this folder (append, session lifecycle, reads, search, snapshot I/O, meta and watch
 * reads); this class is the one object an adapter's connection holds, with its full-text
 * setting and its append fast path.
 */
export class SessionEngine {
  /** Whether full-text indexing is on (search uses FTS5), else search scans. */
  fullText = true;

  /** The SQL texts every unit of work runs. */
  readonly dialect: SqlDialect;
  private readonly fastPath: AppendFastPath | undefined;

  /**
   * @param options.dialect the statements of the engine's SQL dialect (default: SQLite's).
   * @param options.fastPath the adapter's shortcut for the common append, tried first (optional).
   */
  constructor(options: { dialect?: SqlDialect; fastPath?: AppendFastPath } = {}) {
    this.dialect = options.dialect ?? sqliteDialect;
    this.fastPath = options.fastPath;
  }

  /**
   * The app state of `appName` and the user state of (`appName`, `userId`), read in one
   * statement; a scope without keys gives `{}`.
   */
  *scopedStateFor(appName: string, userId: string): SqlWork<{ app: JsonObject; user: JsonObject }> {
    const rows = yield* all<StateRow>(this.dialect.state.selectScopedStateForSession, [
      appName,
      appName,
      userId,
    ]);
    const { app, users } = splitScopedRows(rows);
    return { app, user: users.get(userId) ?? {} };
  }

  /** Applies app and user entries of a delta (null deletes). Direct yields: on the append path. */
  *applyScopedRows(appName: string, userId: string, scoped: ScopedDelta): SqlWork<void> {
    for (const [key, value] of scoped.app) {
      if (value === null) {
        yield { kind: "run", sql: this.dialect.state.deleteAppStateKey, params: [appName, key] };
      } else {
        yield {
          kind: "run",
          sql: this.dialect.state.upsertAppState,
          params: [appName, key, JSON.stringify(value)],
        };
      }
    }
    for (const [key, value] of scoped.user) {
      if (value === null) {
        yield {
          kind: "run",
          sql: this.dialect.state.deleteUserStateKey,
          params: [appName, userId, key],
        };
      } else {
        yield {
          kind: "run",
          sql: this.dialect.state.upsertUserState,
          params: [appName, userId, key, JSON.stringify(value)],
        };
      }
    }
  }

  /** Every user-scoped key of (`appName`, `userId`) as one object; `{}` when there is none. */
  *getUserState(appName: string, userId: string): SqlWork<JsonObject> {
    return rowsToState(yield* all<StateRow>(this.dialect.state.selectUserState, [appName, userId]));
  }

  /** Every app-scoped key of `appName` as one object; `{}` when there is none. */
  *getAppState(appName: string): SqlWork<JsonObject> {
    return rowsToState(yield* all<StateRow>(this.dialect.state.selectAppState, [appName]));
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
    return yield* appendWork.appendEvents(this, key, events, expectedRevision, w, ctx);
  }

  /**
   * The session with the events `o` asks for (the last `recentEvents`, after `afterSeq`, at or
   * after `afterTimestamp`; ascending seq). Null (no throw) when it does not exist, or is
   * expired and `o.includeExpired` is not set.
   */

  *getSession(key: SessionKey, o: NormalizedGetOptions): SqlWork<Session | null> {
    return yield* readWork.getSession(this, key, o);
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
    return yield* readWork.listEvents(this, key, o, ctx);
  }

  /**
   * One page of sessions. The keyset condition and order are served by an index; a metadata
   * filter is applied to the rows in order (exact JSON equality), reading further chunks until
   * the page is full, so cursors stay exact.
   */

  *listSessions(
    o: NormalizedListSessions,
  ): SqlWork<{ sessions: Session[]; nextCursor: string | null }> {
    return yield* readWork.listSessions(this, o);
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
    return yield* lifecycleWork.createSession(this, key, scoped, metadata, w, ctx);
  }

  /**
   * In the write transaction `w`: the active session as {@link getSession} reads it with
   * `input.get` (`created: false`), or a new one as {@link createSession} inserts it
   * (`created: true`). The key's row is read and, when missing, inserted in the same write
   * transaction, so one concurrent caller creates it.
   * @throws ALREADY_EXISTS when the key is taken by an expired session; nothing is written.
   */

  *getOrCreateSession(
    input: GetOrCreateSessionInput,
    w: WriteContext,
    ctx: ErrorContext,
  ): SqlWork<GetOrCreateSessionResult> {
    return yield* lifecycleWork.getOrCreateSession(this, input, w, ctx);
  }

  /**
   * Deletes the session with its events and full-text rows (cascade). Returns false (no throw)
   * when it did not exist; on true, queues an end-of-stream (null) for its watchers in `w`.
   */

  *deleteSession(key: SessionKey, w: WriteContext): SqlWork<boolean> {
    return yield* lifecycleWork.deleteSession(this, key, w);
  }

  /**
   * Marks the session expired (expiredAt = `w.now`, revision + 1; updatedAt unchanged).
   * Returns false when it was already expired (nothing written), true when this call expired it.
   * @throws NOT_FOUND when the session does not exist.
   */

  *expireSession(key: SessionKey, w: WriteContext, ctx: ErrorContext): SqlWork<boolean> {
    return yield* lifecycleWork.expireSession(this, key, w, ctx);
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
    return yield* lifecycleWork.expireIdleSessions(this, idleSince, appName, w);
  }

  /** One purge batch: deletes up to `batchSize` expired sessions (cascade: events, FTS rows). */

  *purgeBatch(expiredBefore: number | undefined, batchSize: number): SqlWork<number> {
    return yield* lifecycleWork.purgeBatch(this, expiredBefore, batchSize);
  }

  /**
   * Search. Full text: FTS5 finds the events holding every term (the core tokenizer's terms,
   * indexed by the adapter) in the requested order (`bm25()` for relevance, else newest first,
   * then key, then seq descending); each carries a snippet with the matched words in [ ].
   * Without full text: a scan of the matching sessions' events (`SearchScan`).
   */
  *searchEvents(o: NormalizedSearch): SqlWork<SearchHit[]> {
    return yield* searchWork.searchEvents(this, o);
  }

  /**
   * The whole stored session (expired ones too) with every event in seq order, for export and
   * migration; null (no throw) when it does not exist.
   */

  *readSnapshot(key: SessionKey): SqlWork<SessionSnapshot | null> {
    return yield* snapshotWork.readSnapshot(this, key);
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
    return yield* snapshotWork.writeSnapshot(this, s, mode, _w);
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
    return yield* snapshotWork.scanSessions(this, after, limit, appName);
  }

  /**
   * Every scope that holds app or user state: `{ appName }` for app state, `{ appName, userId }`
   * for user state, ordered by appName, the app scope before its users, then by userId.
   */

  *listStateScopes(): SqlWork<StateScope[]> {
    return yield* snapshotWork.listStateScopes(this);
  }

  /**
   * Replaces the whole state of one scope (app when `scope.userId` is undefined, else user):
   * deletes its keys, then writes every non-null entry of `state`. Run it in a write
   * transaction so readers never see the scope half written.
   */

  *writeScopedState(scope: StateScope, state: JsonObject): SqlWork<void> {
    return yield* snapshotWork.writeScopedState(this, scope, state);
  }

  /** The JSON value stored in sessionkit_meta under `name`, or null when there is none. */

  *getMeta(name: string): SqlWork<JsonValue | null> {
    return yield* metaAndWatchReads.getMeta(this, name);
  }

  /** Stores `value` (as JSON) under `name` in sessionkit_meta, replacing any; null deletes it. */

  *setMeta(name: string, value: JsonValue | null): SqlWork<void> {
    return yield* metaAndWatchReads.setMeta(this, name, value);
  }

  /**
   * Up to `limit` sessionkit_meta entries whose name starts with `prefix` and sorts after
   * `after` (from the first when undefined), in ascending name order.
   */

  *listMeta(prefix: string, after: string | undefined, limit: number): SqlWork<MetaEntry[]> {
    return yield* metaAndWatchReads.listMeta(this, prefix, after, limit);
  }

  /** The stored lastSeq, or null when the session is missing. */

  *lastSeqOf(key: SessionKey): SqlWork<number | null> {
    return yield* metaAndWatchReads.lastSeqOf(this, key);
  }

  /**
   * Where a new watcher starts: the stored lastSeq and the highest partial-event row id (partial
   * events kept before it are not replayed); null when the session is missing.
   */

  *watchStart(key: SessionKey): SqlWork<{ lastSeq: number; lastPartialId: number } | null> {
    return yield* metaAndWatchReads.watchStart(this, key);
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
    return yield* metaAndWatchReads.changesAfter(this, key, afterSeq, afterPartialId);
  }
}
