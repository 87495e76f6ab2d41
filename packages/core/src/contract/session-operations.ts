import type { JsonObject, JsonValue } from "./json.js";
import type {
  AppendOptions,
  CreateSessionOptions,
  ExpireIdleOptions,
  GetOrCreateSessionOptions,
  GetSessionOptions,
  ListEventsOptions,
  ListSessionsOptions,
  ScanSessionsOptions,
  SearchOptions,
  WriteSnapshotOptions,
} from "./options.js";
import type {
  EventPage,
  GetOrCreateSessionResult,
  MetaEntry,
  SearchHit,
  SessionPage,
  StateScope,
  WriteSnapshotResult,
} from "./results.js";
import type { Session, SessionSnapshot } from "./session.js";
import type { NewEvent, SessionEvent } from "./session-event.js";
import type { AppScope, NewSessionKey, SessionKey, UserScope } from "./session-key.js";

/**
 * The data operations of a repository, available both on the repository and inside a
 * transaction. Every input is validated before any side effect: bad input throws
 * `INVALID_ARGUMENT` or `LIMIT` and changes nothing.
 */
export interface SessionOperations {
  /**
   * Creates a session (revision 1, lastSeq 0). A generated id when `sessionId` is absent.
   * @throws ALREADY_EXISTS when the id is taken in this app and user (even by an expired session).
   */
  createSession(key: NewSessionKey, options?: CreateSessionOptions): Promise<Session>;

  /**
   * Returns the session with this key, creating it when missing, atomically (one write unit):
   * of concurrent callers for one key, in this process or another, exactly one gets
   * `created: true` and all get the same session. `sessionId` is required.
   * - Missing: created as createSession creates it (revision 1, lastSeq 0, `options.state` and
   *   `options.metadata` applied), with no events; `created: true`.
   * - Active: returned as `getSession(key, { recentEvents })` returns it (all events by
   *   default); `created: false`. `options.state` and `options.metadata` are then ignored: use
   *   updateState to change an existing session's state.
   * @throws ALREADY_EXISTS when the id is taken by an expired session (as createSession);
   *   nothing changes.
   */
  getOrCreateSession(
    key: SessionKey,
    options?: GetOrCreateSessionOptions,
  ): Promise<GetOrCreateSessionResult>;

  /**
   * Reads a session with merged state and, unless `recentEvents` is 0, its events ascending by seq.
   * @returns null when missing, owned by another user or app, or expired (unless `includeExpired`).
   */
  getSession(key: SessionKey, options?: GetSessionOptions): Promise<Session | null>;

  /**
   * Appends one event in one transaction: stores it with the next seq, applies its state delta,
   * bumps updatedAt, revision and lastSeq. Idempotent by event id: the same id with the same
   * content returns the stored event and changes nothing.
   * A `partial` event is not stored; it reaches live watchers only and is returned with the
   * current lastSeq as its seq.
   * @throws NOT_FOUND for a missing or expired session; STALE when `expectedRevision` differs;
   *   CONFLICT when the id is stored with different content.
   */
  appendEvent(key: SessionKey, event: NewEvent, options?: AppendOptions): Promise<SessionEvent>;

  /**
   * Appends several events atomically, in order: all are stored or none. Revision grows by one
   * per stored event. Same errors as appendEvent; on any error nothing is written.
   */
  appendEvents(
    key: SessionKey,
    events: NewEvent[],
    options?: AppendOptions,
  ): Promise<SessionEvent[]>;

  /**
   * One page of a session's events in seq order.
   * @throws NOT_FOUND for a missing (or expired, unless `includeExpired`) session.
   */
  listEvents(key: SessionKey, options?: ListEventsOptions): Promise<EventPage>;

  /** Lists sessions (merged state, no events) with a keyset cursor stable under concurrent inserts. */
  listSessions(options: ListSessionsOptions): Promise<SessionPage>;

  /**
   * Hard-deletes a session with its events and session-scoped state; app and user state stay.
   * @returns false when there was nothing to delete (not an error).
   */
  deleteSession(key: SessionKey): Promise<boolean>;

  /**
   * Applies a state delta by appending a `system` event carrying it, so every state change stays
   * in the audit trail. Same guarantees and errors as appendEvent.
   */
  updateState(key: SessionKey, delta: JsonObject, options?: AppendOptions): Promise<SessionEvent>;

  /** User-scoped state, keys without the `user:` prefix; `{}` when none. */
  getUserState(scope: UserScope): Promise<JsonObject>;

  /** App-scoped state, keys without the `app:` prefix; `{}` when none. */
  getAppState(scope: AppScope): Promise<JsonObject>;

  /**
   * Soft-deletes a session: status "expired", expiredAt now, revision +1.
   * @returns false when it was already expired.
   * @throws NOT_FOUND when missing.
   */
  expireSession(key: SessionKey): Promise<boolean>;

  /** Expires every active session idle since before `idleSince`. @returns how many. */
  expireIdleSessions(options: ExpireIdleOptions): Promise<number>;

  /**
   * Events of active sessions containing every query term (case and diacritics folded).
   * Ordered newest first: timestamp descending, then key, then seq descending.
   */
  searchEvents(options: SearchOptions): Promise<SearchHit[]>;

  // ---- Migration support: whole-session export and import, scoped-state copy, metadata ----

  /** The whole stored session (expired included) with session-scoped state only, or null. */
  readSnapshot(key: SessionKey): Promise<SessionSnapshot | null>;

  /**
   * Writes a whole session (record, events, session state) atomically, keeping its seqs,
   * revision and timestamps. @returns "skipped" when mode is "if-newer" and the stored
   * revision is not lower.
   */
  writeSnapshot(
    snapshot: SessionSnapshot,
    options: WriteSnapshotOptions,
  ): Promise<WriteSnapshotResult>;

  /** Session keys (expired included) in ascending (appName, userId, sessionId) code-unit order. */
  scanSessions(options?: ScanSessionsOptions): Promise<SessionKey[]>;

  /** Every app and user scope that holds state. */
  listStateScopes(): Promise<StateScope[]>;

  /** Replaces the whole state of an app (no userId) or user scope; `{}` clears it. */
  writeScopedState(scope: StateScope, state: JsonObject): Promise<void>;

  /** A value from the store's own metadata table (migration records, checkpoints); null when absent. */
  getMeta(name: string): Promise<JsonValue | null>;

  /** Sets (or with null, deletes) a metadata value. */
  setMeta(name: string, value: JsonValue | null): Promise<void>;

  /** Metadata entries whose name starts with `prefix`, ascending by name. */
  listMeta(prefix: string, options?: { limit?: number; after?: string }): Promise<MetaEntry[]>;
}
