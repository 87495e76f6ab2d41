import type { JsonObject, JsonValue } from "../contract/json.js";
import type {
  EventPage,
  GetOrCreateSessionResult,
  MetaEntry,
  SearchHit,
  SessionPage,
  StateScope,
  WriteSnapshotResult,
} from "../contract/results.js";
import type { Session, SessionSnapshot } from "../contract/session.js";
import type { SessionEvent } from "../contract/session-event.js";
import type { AppScope, SessionKey, UserScope } from "../contract/session-key.js";
import type { ErrorContext } from "../errors/session-kit-error.js";
import type { ScopedDelta } from "../state/scoped-delta.js";
import type {
  NormalizedGetOptions,
  NormalizedListEvents,
  NormalizedListSessions,
  NormalizedSearch,
} from "../validation/normalize-options.js";
import type { PreparedEvent } from "../validation/prepare-event.js";

/** A value now, or later: a synchronous driver answers without allocating a promise. */
export type MaybePromise<T> = T | Promise<T>;

/** createSession's input after validation: the full key (id generated) and copied values. */
export interface CreateSessionInput {
  key: SessionKey;
  /** The initial state split by scope (`temp:` keys dropped); null when none was given. */
  state: ScopedDelta | null;
  /** A copy of the caller's metadata (`{}` when none). */
  metadata: JsonObject;
}

/**
 * getOrCreateSession's input after validation: what createSession would create (the full key,
 * copied state and metadata) and how getSession would read an existing session.
 */
export interface GetOrCreateSessionInput extends CreateSessionInput {
  /** getSession's options for an existing session: `recentEvents` as given, no other filter. */
  get: NormalizedGetOptions;
}

/** scanSessions' input after validation. */
export interface ScanSessionsInput {
  after: SessionKey | undefined;
  /** 1–10,000; default 500. */
  limit: number;
  appName: string | undefined;
}

/** listMeta's input after validation. */
export interface ListMetaInput {
  prefix: string;
  after: string | undefined;
  /** 1–10,000; default 1,000. */
  limit: number;
}

/** expireIdleSessions' input after validation. */
export interface ExpireIdleInput {
  idleSince: number;
  appName: string | undefined;
}

/**
 * The storage side of an adapter: every contract operation with its input already validated
 * and normalised by {@link SessionFrontDoor} (keys checked, options defaulted, events prepared,
 * values copied where the store keeps them). An implementation only reads and writes; it never
 * re-validates, and it throws the contract's typed errors for what only the store can know
 * (NOT_FOUND, ALREADY_EXISTS, STALE, CONFLICT, BUSY, CORRUPT, …) with the `ctx` it is given.
 *
 * Each method may answer synchronously (a synchronous driver) or with a promise.
 */
export interface SessionStorage {
  createSession(input: CreateSessionInput, ctx: ErrorContext): MaybePromise<Session>;
  /**
   * In one write unit: an active session is read as getSession reads it with `input.get`
   * (`created: false`), a missing one is created as createSession creates it (`created: true`,
   * no events), an expired one throws ALREADY_EXISTS and nothing changes.
   */
  getOrCreateSession(
    input: GetOrCreateSessionInput,
    ctx: ErrorContext,
  ): MaybePromise<GetOrCreateSessionResult>;
  getSession(
    key: SessionKey,
    options: NormalizedGetOptions,
    ctx: ErrorContext,
  ): MaybePromise<Session | null>;
  /**
   * Appends prepared events (ids unique within the batch, already checked) atomically, in order.
   * An empty batch writes nothing but still throws NOT_FOUND for a missing session.
   */
  appendEvents(
    key: SessionKey,
    events: PreparedEvent[],
    expectedRevision: number | undefined,
    ctx: ErrorContext,
  ): MaybePromise<SessionEvent[]>;
  listEvents(
    key: SessionKey,
    options: NormalizedListEvents,
    ctx: ErrorContext,
  ): MaybePromise<EventPage>;
  listSessions(options: NormalizedListSessions, ctx: ErrorContext): MaybePromise<SessionPage>;
  deleteSession(key: SessionKey, ctx: ErrorContext): MaybePromise<boolean>;
  getUserState(scope: UserScope, ctx: ErrorContext): MaybePromise<JsonObject>;
  getAppState(scope: AppScope, ctx: ErrorContext): MaybePromise<JsonObject>;
  expireSession(key: SessionKey, ctx: ErrorContext): MaybePromise<boolean>;
  expireIdleSessions(input: ExpireIdleInput, ctx: ErrorContext): MaybePromise<number>;
  searchEvents(options: NormalizedSearch, ctx: ErrorContext): MaybePromise<SearchHit[]>;
  readSnapshot(key: SessionKey, ctx: ErrorContext): MaybePromise<SessionSnapshot | null>;
  /** `snapshot` is the caller's object, validated: copy what you keep. */
  writeSnapshot(
    snapshot: SessionSnapshot,
    mode: "replace" | "if-newer",
    ctx: ErrorContext,
  ): MaybePromise<WriteSnapshotResult>;
  scanSessions(input: ScanSessionsInput, ctx: ErrorContext): MaybePromise<SessionKey[]>;
  listStateScopes(ctx: ErrorContext): MaybePromise<StateScope[]>;
  /** `state` is a copy without null values: the whole new state of the scope. */
  writeScopedState(scope: StateScope, state: JsonObject, ctx: ErrorContext): MaybePromise<void>;
  getMeta(name: string, ctx: ErrorContext): MaybePromise<JsonValue | null>;
  /** `value` null deletes. The value is the caller's (validated): serialise or copy it. */
  setMeta(name: string, value: JsonValue | null, ctx: ErrorContext): MaybePromise<void>;
  listMeta(input: ListMetaInput, ctx: ErrorContext): MaybePromise<MetaEntry[]>;
}
