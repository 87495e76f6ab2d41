import type {
  AppScope,
  ErrorContext,
  EventPage,
  GetOrCreateSessionResult,
  JsonObject,
  JsonValue,
  MetaEntry,
  SearchHit,
  Session,
  SessionEvent,
  SessionKey,
  SessionPage,
  SessionSnapshot,
  StateScope,
  UserScope,
  WriteSnapshotResult,
} from "@sessionkit/core";
import type * as kit from "@sessionkit/core/adapter-kit";
import type {
  NormalizedGetOptions,
  NormalizedListEvents,
  NormalizedListSessions,
  NormalizedSearch,
  PreparedEvent,
} from "@sessionkit/core/adapter-kit";
import type { SqlWork } from "../driver/sql-work.js";
import type { SessionEngine } from "../engine/session-engine.js";
import type { WriteContext } from "../engine/write-context.js";
import type { CoalescedAppend } from "./append-group.js";
import type { SqlRepositoryHost } from "./sql-host.js";

/** "read": one consistent snapshot; "write": an atomic write (transaction or savepoint). */
export type WorkKind = "read" | "write";

/**
 * Runs one unit of SQL work: the repository through the connection's queue in its own
 * transaction, a transaction view inside the open transaction (a savepoint). May return
 * synchronously (a synchronous driver with nothing queued) to spare a promise. `coalesce`: the
 * work is this append, which may share a transaction with concurrent ones (group commit), each
 * still atomic on its own.
 */
export type RunSqlWork = <T>(
  ctx: ErrorContext,
  kind: WorkKind,
  work: (w: WriteContext) => SqlWork<T>,
  coalesce?: CoalescedAppend,
) => kit.MaybePromise<T>;

/**
 * The storage side of every SQL adapter, behind the core front door (which validated every
 * input): each operation is one unit of {@link SqlWork} from the engine, run as a read or a
 * write by `run`.
 */
export class SqlStorage implements kit.SessionStorage {
  /**
   * @param host the adapter's host: its connection's engine builds every unit of work.
   * @param run runs a unit (the repository's queue, or the open transaction's savepoints).
   */
  constructor(
    private readonly host: SqlRepositoryHost,
    private readonly run: RunSqlWork,
  ) {}

  private engine(): SessionEngine {
    return this.host.connection.engine;
  }

  createSession(input: kit.CreateSessionInput, ctx: ErrorContext): kit.MaybePromise<Session> {
    return this.run(ctx, "write", (w) =>
      this.engine().createSession(input.key, input.state, input.metadata, w, ctx),
    );
  }

  getOrCreateSession(
    input: kit.GetOrCreateSessionInput,
    ctx: ErrorContext,
  ): kit.MaybePromise<GetOrCreateSessionResult> {
    return this.run(ctx, "write", (w) => this.engine().getOrCreateSession(input, w, ctx));
  }

  getSession(
    key: SessionKey,
    options: NormalizedGetOptions,
    ctx: ErrorContext,
  ): kit.MaybePromise<Session | null> {
    return this.run(ctx, "read", () => this.engine().getSession(key, options));
  }

  appendEvents(
    key: SessionKey,
    events: PreparedEvent[],
    expectedRevision: number | undefined,
    ctx: ErrorContext,
  ): kit.MaybePromise<SessionEvent[]> {
    // Nothing to write: still NOT_FOUND for a missing session, like any append, in a read.
    if (events.length === 0) {
      return this.run(ctx, "read", (w) =>
        this.engine().appendEvents(key, events, expectedRevision, w, ctx),
      );
    }
    return this.run(
      ctx,
      "write",
      (w) => this.engine().appendEvents(key, events, expectedRevision, w, ctx),
      { key, events, expectedRevision },
    );
  }

  listEvents(
    key: SessionKey,
    options: NormalizedListEvents,
    ctx: ErrorContext,
  ): kit.MaybePromise<EventPage> {
    return this.run(ctx, "read", () => this.engine().listEvents(key, options, ctx));
  }

  listSessions(options: NormalizedListSessions, ctx: ErrorContext): kit.MaybePromise<SessionPage> {
    return this.run(ctx, "read", () => this.engine().listSessions(options));
  }

  deleteSession(key: SessionKey, ctx: ErrorContext): kit.MaybePromise<boolean> {
    return this.run(ctx, "write", (w) => this.engine().deleteSession(key, w));
  }

  getUserState(scope: UserScope, ctx: ErrorContext): kit.MaybePromise<JsonObject> {
    return this.run(ctx, "read", () => this.engine().getUserState(scope.appName, scope.userId));
  }

  getAppState(scope: AppScope, ctx: ErrorContext): kit.MaybePromise<JsonObject> {
    return this.run(ctx, "read", () => this.engine().getAppState(scope.appName));
  }

  expireSession(key: SessionKey, ctx: ErrorContext): kit.MaybePromise<boolean> {
    return this.run(ctx, "write", (w) => this.engine().expireSession(key, w, ctx));
  }

  expireIdleSessions(input: kit.ExpireIdleInput, ctx: ErrorContext): kit.MaybePromise<number> {
    return this.run(ctx, "write", (w) =>
      this.engine().expireIdleSessions(input.idleSince, input.appName, w),
    );
  }

  searchEvents(options: NormalizedSearch, ctx: ErrorContext): kit.MaybePromise<SearchHit[]> {
    return this.run(ctx, "read", () => this.engine().searchEvents(options));
  }

  readSnapshot(key: SessionKey, ctx: ErrorContext): kit.MaybePromise<SessionSnapshot | null> {
    return this.run(ctx, "read", () => this.engine().readSnapshot(key));
  }

  writeSnapshot(
    snapshot: SessionSnapshot,
    mode: "replace" | "if-newer",
    ctx: ErrorContext,
  ): kit.MaybePromise<WriteSnapshotResult> {
    return this.run(ctx, "write", (w) => this.engine().writeSnapshot(snapshot, mode, w));
  }

  scanSessions(input: kit.ScanSessionsInput, ctx: ErrorContext): kit.MaybePromise<SessionKey[]> {
    return this.run(ctx, "read", () =>
      this.engine().scanSessions(input.after, input.limit, input.appName),
    );
  }

  listStateScopes(ctx: ErrorContext): kit.MaybePromise<StateScope[]> {
    return this.run(ctx, "read", () => this.engine().listStateScopes());
  }

  writeScopedState(
    scope: StateScope,
    state: JsonObject,
    ctx: ErrorContext,
  ): kit.MaybePromise<void> {
    return this.run(ctx, "write", () => this.engine().writeScopedState(scope, state));
  }

  getMeta(name: string, ctx: ErrorContext): kit.MaybePromise<JsonValue | null> {
    return this.run(ctx, "read", () => this.engine().getMeta(name));
  }

  setMeta(name: string, value: JsonValue | null, ctx: ErrorContext): kit.MaybePromise<void> {
    return this.run(ctx, "write", () => this.engine().setMeta(name, value));
  }

  listMeta(input: kit.ListMetaInput, ctx: ErrorContext): kit.MaybePromise<MetaEntry[]> {
    return this.run(ctx, "read", () =>
      this.engine().listMeta(input.prefix, input.after, input.limit),
    );
  }
}
