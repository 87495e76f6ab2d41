import {
  type AppendOptions,
  type AppScope,
  assertAppScope,
  assertId,
  assertJsonObject,
  assertJsonValue,
  assertMetaName,
  assertNewSessionKey,
  assertOptionalInt,
  assertOptionsObject,
  assertSessionKey,
  assertSnapshot,
  assertStateDelta,
  assertUniqueBatchIds,
  assertUserScope,
  type CreateSessionOptions,
  describeKey,
  type ErrorContext,
  type EventPage,
  type ExpireIdleOptions,
  type GetSessionOptions,
  generateId,
  invalidArgument,
  type JsonObject,
  type JsonValue,
  type ListEventsOptions,
  type ListSessionsOptions,
  type MetaEntry,
  type NewEvent,
  type NewSessionKey,
  normalizeExpectedRevision,
  normalizeExpireIdleOptions,
  normalizeGetOptions,
  normalizeListEventsOptions,
  normalizeListSessionsOptions,
  normalizeSearchOptions,
  normalizeWriteSnapshotMode,
  prepareBatch,
  prepareEvent,
  prepareStateUpdate,
  type ScanSessionsOptions,
  type SearchHit,
  type SearchOptions,
  type Session,
  type SessionEvent,
  type SessionKey,
  type SessionOperations,
  type SessionPage,
  type SessionSnapshot,
  type StateScope,
  splitStateDelta,
  type UserScope,
  type WriteSnapshotOptions,
  type WriteSnapshotResult,
} from "@sessionkit/core";
import { isPromiseLike } from "../driver/drive.js";
import type { SqlWork } from "../driver/sql-work.js";
import type { SessionEngine } from "../engine/session-engine.js";
import type { WriteContext } from "../engine/write-context.js";
import type { SqlRepositoryHost } from "./sql-host.js";

/** "read": one consistent snapshot; "write": an atomic write (transaction or savepoint). */
export type WorkKind = "read" | "write";

/**
 * Every data operation of the contract: validates its input (before any side effect, with the
 * shared validators of @sessionkit/core), then hands one unit of {@link SqlWork} to `exec`.
 * The repository runs it through the connection's queue in its own transaction; a
 * transaction view runs it inside the open transaction.
 */
export abstract class SqlOperations implements SessionOperations {
  protected constructor(protected readonly host: SqlRepositoryHost) {}

  protected get engine(): SessionEngine {
    return this.host.connection.engine;
  }

  /** Throws when the repository or transaction can no longer be used (CLOSED). */
  protected assertUsable(_operation: string): void {}

  /**
   * The error context of one call. A function subject is rendered only if an error needs it,
   * so the hot path never formats the key.
   */
  protected ctx(operation: string, subject?: string | (() => string)): ErrorContext {
    this.assertUsable(operation);
    const adapter = this.host.adapter;
    if (typeof subject !== "function") return { adapter, operation, subject };
    let rendered: string | undefined;
    return {
      adapter,
      operation,
      get subject() {
        rendered ??= subject();
        return rendered;
      },
    };
  }

  /** Runs one unit of work; may return synchronously (sync driver) to spare a promise. */
  protected abstract exec<T>(
    ctx: ErrorContext,
    kind: WorkKind,
    work: (w: WriteContext) => SqlWork<T>,
  ): T | Promise<T>;

  async createSession(key: NewSessionKey, options?: CreateSessionOptions): Promise<Session> {
    const ctx = this.ctx("createSession", describeKey(key));
    assertNewSessionKey(key, ctx);
    assertOptionsObject(options, "options", ["state", "metadata"], ctx);
    if (options?.state !== undefined)
      assertStateDelta(options.state, "options.state", this.host.limits, ctx);
    if (options?.metadata !== undefined)
      assertJsonObject(options.metadata, "options.metadata", ctx);
    const full: SessionKey = {
      appName: key.appName,
      userId: key.userId,
      sessionId: key.sessionId ?? generateId(),
    };
    const scoped = options?.state ? splitStateDelta(options.state) : null;
    const metadata = options?.metadata ?? {};
    return this.exec({ ...ctx, subject: describeKey(full) }, "write", (w) =>
      this.engine.createSession(full, scoped, metadata, w, ctx),
    );
  }

  async getSession(key: SessionKey, options?: GetSessionOptions): Promise<Session | null> {
    const ctx = this.ctx("getSession", () => describeKey(key));
    assertSessionKey(key, ctx);
    const o = normalizeGetOptions(options, ctx);
    return this.exec(ctx, "read", () => this.engine.getSession(key, o));
  }

  async appendEvent(
    key: SessionKey,
    event: NewEvent,
    options?: AppendOptions,
  ): Promise<SessionEvent> {
    const ctx = this.ctx("appendEvent", () => describeKey(key));
    assertSessionKey(key, ctx);
    const prepared = prepareEvent(event, "event", this.host.limits, ctx);
    const expected = normalizeExpectedRevision(options, ctx);
    const events = [prepared];
    const out = this.exec(ctx, "write", (w) =>
      this.engine.appendEvents(key, events, expected, w, ctx),
    );
    return isPromiseLike(out) ? out.then(first) : first(out);
  }

  async appendEvents(
    key: SessionKey,
    events: NewEvent[],
    options?: AppendOptions,
  ): Promise<SessionEvent[]> {
    const ctx = this.ctx("appendEvents", () => describeKey(key));
    assertSessionKey(key, ctx);
    const prepared = prepareBatch(events, this.host.limits, ctx);
    assertUniqueBatchIds(prepared, ctx);
    const expected = normalizeExpectedRevision(options, ctx);
    if (prepared.length === 0) {
      // Nothing to write; still NOT_FOUND for a missing session, like any append.
      return this.exec(ctx, "read", (w) => this.engine.appendEvents(key, [], expected, w, ctx));
    }
    return this.exec(ctx, "write", (w) =>
      this.engine.appendEvents(key, prepared, expected, w, ctx),
    );
  }

  async updateState(
    key: SessionKey,
    delta: JsonObject,
    options?: AppendOptions,
  ): Promise<SessionEvent> {
    const ctx = this.ctx("updateState", () => describeKey(key));
    assertSessionKey(key, ctx);
    const prepared = prepareStateUpdate(delta, this.host.limits, ctx);
    const expected = normalizeExpectedRevision(options, ctx);
    const out = this.exec(ctx, "write", (w) =>
      this.engine.appendEvents(key, [prepared], expected, w, ctx),
    );
    return isPromiseLike(out) ? out.then(first) : first(out);
  }

  async listEvents(key: SessionKey, options?: ListEventsOptions): Promise<EventPage> {
    const ctx = this.ctx("listEvents", () => describeKey(key));
    assertSessionKey(key, ctx);
    const o = normalizeListEventsOptions(options, ctx);
    return this.exec(ctx, "read", () => this.engine.listEvents(key, o, ctx));
  }

  async listSessions(options: ListSessionsOptions): Promise<SessionPage> {
    const ctx = this.ctx(
      "listSessions",
      options?.appName === undefined ? undefined : `app ${JSON.stringify(options.appName)}`,
    );
    const o = normalizeListSessionsOptions(options, ctx);
    return this.exec(ctx, "read", () => this.engine.listSessions(o));
  }

  async deleteSession(key: SessionKey): Promise<boolean> {
    const ctx = this.ctx("deleteSession", describeKey(key));
    assertSessionKey(key, ctx);
    return this.exec(ctx, "write", (w) => this.engine.deleteSession(key, w));
  }

  async getUserState(scope: UserScope): Promise<JsonObject> {
    const ctx = this.ctx("getUserState", describeKey(scope as SessionKey));
    assertUserScope(scope, ctx);
    return this.exec(ctx, "read", () => this.engine.getUserState(scope.appName, scope.userId));
  }

  async getAppState(scope: AppScope): Promise<JsonObject> {
    const ctx = this.ctx("getAppState", `app ${JSON.stringify(scope?.appName)}`);
    assertAppScope(scope, ctx);
    return this.exec(ctx, "read", () => this.engine.getAppState(scope.appName));
  }

  async expireSession(key: SessionKey): Promise<boolean> {
    const ctx = this.ctx("expireSession", describeKey(key));
    assertSessionKey(key, ctx);
    return this.exec(ctx, "write", (w) => this.engine.expireSession(key, w, ctx));
  }

  async expireIdleSessions(options: ExpireIdleOptions): Promise<number> {
    const ctx = this.ctx("expireIdleSessions");
    const o = normalizeExpireIdleOptions(options, ctx);
    return this.exec(ctx, "write", (w) =>
      this.engine.expireIdleSessions(o.idleSince, o.appName, w),
    );
  }

  async searchEvents(options: SearchOptions): Promise<SearchHit[]> {
    const ctx = this.ctx(
      "searchEvents",
      options?.appName === undefined ? undefined : `app ${JSON.stringify(options.appName)}`,
    );
    const o = normalizeSearchOptions(options, ctx);
    return this.exec(ctx, "read", () => this.engine.searchEvents(o));
  }

  async readSnapshot(key: SessionKey): Promise<SessionSnapshot | null> {
    const ctx = this.ctx("readSnapshot", describeKey(key));
    assertSessionKey(key, ctx);
    return this.exec(ctx, "read", () => this.engine.readSnapshot(key));
  }

  async writeSnapshot(
    snapshot: SessionSnapshot,
    options: WriteSnapshotOptions,
  ): Promise<WriteSnapshotResult> {
    const ctx = this.ctx(
      "writeSnapshot",
      describeKey({
        appName: snapshot?.appName,
        userId: snapshot?.userId,
        sessionId: snapshot?.id,
      }),
    );
    assertSnapshot(snapshot, ctx);
    const mode = normalizeWriteSnapshotMode(options, ctx);
    return this.exec(ctx, "write", (w) => this.engine.writeSnapshot(snapshot, mode, w));
  }

  async scanSessions(options?: ScanSessionsOptions): Promise<SessionKey[]> {
    const ctx = this.ctx("scanSessions");
    assertOptionsObject(options, "options", ["after", "limit", "appName"], ctx);
    assertOptionalInt(options?.limit, "options.limit", ctx, 1, 10_000);
    if (options?.after !== undefined) assertSessionKey(options.after, ctx, "options.after");
    if (options?.appName !== undefined) assertId(options.appName, "options.appName", ctx);
    const limit = options?.limit ?? 500;
    return this.exec(ctx, "read", () =>
      this.engine.scanSessions(options?.after, limit, options?.appName),
    );
  }

  async listStateScopes(): Promise<StateScope[]> {
    const ctx = this.ctx("listStateScopes");
    return this.exec(ctx, "read", () => this.engine.listStateScopes());
  }

  async writeScopedState(scope: StateScope, state: JsonObject): Promise<void> {
    const ctx = this.ctx("writeScopedState", describeKey(scope as SessionKey));
    if (scope === null || typeof scope !== "object")
      throw invalidArgument(ctx, "scope", "must be { appName, userId? }");
    assertId(scope.appName, "scope.appName", ctx);
    if (scope.userId !== undefined) assertId(scope.userId, "scope.userId", ctx);
    assertStateDelta(state, "state", this.host.limits, ctx);
    return this.exec(ctx, "write", () => this.engine.writeScopedState(scope, state));
  }

  async getMeta(name: string): Promise<JsonValue | null> {
    const ctx = this.ctx("getMeta", JSON.stringify(name));
    assertMetaName(name, "name", ctx);
    return this.exec(ctx, "read", () => this.engine.getMeta(name));
  }

  async setMeta(name: string, value: JsonValue | null): Promise<void> {
    const ctx = this.ctx("setMeta", JSON.stringify(name));
    assertMetaName(name, "name", ctx);
    if (value !== null) assertJsonValue(value, "value", ctx);
    return this.exec(ctx, "write", () => this.engine.setMeta(name, value));
  }

  async listMeta(
    prefix: string,
    options?: { limit?: number; after?: string },
  ): Promise<MetaEntry[]> {
    const ctx = this.ctx("listMeta", JSON.stringify(prefix));
    if (typeof prefix !== "string") throw invalidArgument(ctx, "prefix", "must be a string");
    assertOptionsObject(options, "options", ["limit", "after"], ctx);
    assertOptionalInt(options?.limit, "options.limit", ctx, 1, 10_000);
    const after = options?.after;
    if (after !== undefined && typeof after !== "string")
      throw invalidArgument(ctx, "options.after", "must be a string");
    const limit = options?.limit ?? 1000;
    return this.exec(ctx, "read", () => this.engine.listMeta(prefix, after, limit));
  }
}

const first = (events: SessionEvent[]): SessionEvent => events[0] as SessionEvent;
