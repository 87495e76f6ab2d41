import type {
  AppendOptions,
  AppScope,
  CreateSessionOptions,
  EventPage,
  ExpireIdleOptions,
  GetSessionOptions,
  JsonObject,
  JsonValue,
  ListEventsOptions,
  ListSessionsOptions,
  MetaEntry,
  NewEvent,
  NewSessionKey,
  ScanSessionsOptions,
  SearchHit,
  SearchOptions,
  Session,
  SessionEvent,
  SessionKey,
  SessionOperations,
  SessionPage,
  SessionSnapshot,
  StateScope,
  UserScope,
  WriteSnapshotOptions,
  WriteSnapshotResult,
} from "@sessionkit/core";
import { invalidArgument } from "@sessionkit/core";
import { PHASED_ADAPTER } from "./errors.js";
import { isReservedMetaName, RESERVED_PREFIX } from "./meta-names.js";
import type { Touches } from "./touches.js";

/**
 * Runs operations on the primary store (or its open transaction) and records what each
 * successful write changed, so the mirror can copy it to the secondary afterwards. Reads pass
 * through. Meta names under the migrator's reserved prefix are hidden and cannot be written.
 */
export class RecordingOperations implements SessionOperations {
  constructor(
    private readonly inner: SessionOperations,
    private readonly touches: Touches,
  ) {}

  async createSession(key: NewSessionKey, options?: CreateSessionOptions): Promise<Session> {
    const session = await this.inner.createSession(key, options);
    const k = { appName: session.appName, userId: session.userId, sessionId: session.id };
    this.touches.session(k, "createSession");
    this.touches.delta(k, options?.state, "createSession");
    return session;
  }

  getSession(key: SessionKey, options?: GetSessionOptions): Promise<Session | null> {
    return this.inner.getSession(key, options);
  }

  async appendEvent(
    key: SessionKey,
    event: NewEvent,
    options?: AppendOptions,
  ): Promise<SessionEvent> {
    const stored = await this.inner.appendEvent(key, event, options);
    if (!event?.partial) {
      this.touches.session(key, "appendEvent");
      this.touches.delta(key, event?.stateDelta, "appendEvent");
    }
    return stored;
  }

  async appendEvents(
    key: SessionKey,
    events: NewEvent[],
    options?: AppendOptions,
  ): Promise<SessionEvent[]> {
    const stored = await this.inner.appendEvents(key, events, options);
    const durable = events.filter((e) => !e?.partial);
    if (durable.length > 0) this.touches.session(key, "appendEvents");
    for (const e of durable) this.touches.delta(key, e.stateDelta, "appendEvents");
    return stored;
  }

  listEvents(key: SessionKey, options?: ListEventsOptions): Promise<EventPage> {
    return this.inner.listEvents(key, options);
  }

  listSessions(options: ListSessionsOptions): Promise<SessionPage> {
    return this.inner.listSessions(options);
  }

  async deleteSession(key: SessionKey): Promise<boolean> {
    const deleted = await this.inner.deleteSession(key);
    // Mirror even when nothing was deleted here: the secondary may still hold a stale copy.
    this.touches.session(key, "deleteSession", "replace");
    return deleted;
  }

  async updateState(
    key: SessionKey,
    delta: JsonObject,
    options?: AppendOptions,
  ): Promise<SessionEvent> {
    const stored = await this.inner.updateState(key, delta, options);
    this.touches.session(key, "updateState");
    this.touches.delta(key, delta, "updateState");
    return stored;
  }

  getUserState(scope: UserScope): Promise<JsonObject> {
    return this.inner.getUserState(scope);
  }

  getAppState(scope: AppScope): Promise<JsonObject> {
    return this.inner.getAppState(scope);
  }

  async expireSession(key: SessionKey): Promise<boolean> {
    const changed = await this.inner.expireSession(key);
    if (changed) this.touches.session(key, "expireSession");
    return changed;
  }

  async expireIdleSessions(options: ExpireIdleOptions): Promise<number> {
    const count = await this.inner.expireIdleSessions(options);
    if (count > 0) this.touches.expireIdle.push({ ...options });
    return count;
  }

  searchEvents(options: SearchOptions): Promise<SearchHit[]> {
    return this.inner.searchEvents(options);
  }

  readSnapshot(key: SessionKey): Promise<SessionSnapshot | null> {
    return this.inner.readSnapshot(key);
  }

  async writeSnapshot(
    snapshot: SessionSnapshot,
    options: WriteSnapshotOptions,
  ): Promise<WriteSnapshotResult> {
    const result = await this.inner.writeSnapshot(snapshot, options);
    if (result === "written") {
      this.touches.session(
        { appName: snapshot.appName, userId: snapshot.userId, sessionId: snapshot.id },
        "writeSnapshot",
        options.mode === "replace" ? "replace" : "if-newer",
      );
    }
    return result;
  }

  scanSessions(options?: ScanSessionsOptions): Promise<SessionKey[]> {
    return this.inner.scanSessions(options);
  }

  listStateScopes(): Promise<StateScope[]> {
    return this.inner.listStateScopes();
  }

  async writeScopedState(scope: StateScope, state: JsonObject): Promise<void> {
    await this.inner.writeScopedState(scope, state);
    this.touches.scope(scope, "writeScopedState");
  }

  getMeta(name: string): Promise<JsonValue | null> {
    if (isReservedMetaName(name)) return Promise.resolve(null);
    return this.inner.getMeta(name);
  }

  async setMeta(name: string, value: JsonValue | null): Promise<void> {
    if (isReservedMetaName(name)) {
      throw invalidArgument(
        { adapter: PHASED_ADAPTER, operation: "setMeta", subject: JSON.stringify(name) },
        "name",
        `starts with ${JSON.stringify(RESERVED_PREFIX)}, which is reserved for the migrator`,
      );
    }
    await this.inner.setMeta(name, value);
    this.touches.meta.set(name, "setMeta");
  }

  async listMeta(
    prefix: string,
    options?: { limit?: number; after?: string },
  ): Promise<MetaEntry[]> {
    const limit = options?.limit ?? 1000;
    const out: MetaEntry[] = [];
    let after = options?.after;
    // Page past hidden reserved names so the caller still gets up to `limit` entries.
    for (;;) {
      const page = await this.inner.listMeta(prefix, { ...options, limit, after });
      for (const e of page) {
        if (!isReservedMetaName(e.name)) out.push(e);
        if (out.length === limit) return out;
      }
      if (page.length < limit) return out;
      after = page[page.length - 1]?.name;
    }
  }
}
