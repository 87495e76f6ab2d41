import {
  type AppendOptions,
  type AppScope,
  applyEntries,
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
  compareStrings,
  describeKey,
  type ErrorContext,
  type EventPage,
  type ExpireIdleOptions,
  type GetSessionOptions,
  generateId,
  invalidArgument,
  type JsonObject,
  type JsonValue,
  type Limits,
  type ListEventsOptions,
  type ListSessionsOptions,
  type MetaEntry,
  type NewEvent,
  type NewSessionKey,
  normalizeExpectedRevision,
  normalizeExpireIdleOptions,
  normalizeGetOptions,
  normalizeListEventsOptions,
  normalizeWriteSnapshotMode,
  type PreparedEvent,
  planAppend,
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
  sessionAlreadyExists,
  sessionNotFound,
  splitStateDelta,
  toStoredEvent,
  type UserScope,
  type WriteSnapshotOptions,
  type WriteSnapshotResult,
} from "@sessionkit/core";
import { listApps } from "./directory-walk.js";
import { context } from "./errors.js";
import type { FileStore } from "./file-store.js";
import { eventRecord, type SessionHeader } from "./format.js";
import { readStateFile } from "./read-files.js";
import { SessionQueries } from "./session-queries.js";
import { keyOf, sessionView } from "./session-view.js";
import type { WorkUnit } from "./work-unit.js";

/** Runs `fn` on a unit of work: a fresh one per call, or the open transaction's. */
export type UnitRunner = <T>(write: boolean, fn: (unit: WorkUnit) => Promise<T>) => Promise<T>;

/**
 * The data operations of the JSON-file store with the reference semantics of MemoryRepository.
 * Single-session operations go through a WorkUnit (locks, staged writes, ordered commit);
 * listings, scans and search walk the directory tree.
 */
export class JsonOperations implements SessionOperations {
  constructor(
    private readonly store: FileStore,
    private readonly limits: Limits,
    private readonly now: () => number,
    private readonly run: UnitRunner,
    /** The open transaction's unit, whose staged sessions listings must see. */
    private readonly overlay?: WorkUnit,
  ) {
    this.queries = new SessionQueries(store, overlay);
  }

  private readonly queries: SessionQueries;

  /** App and user state for a merged view, read without locks unless the unit holds them. */
  private async scopes(unit: WorkUnit | null, appName: string, userId: string, ctx: ErrorContext) {
    const layout = this.store.layout;
    const app =
      unit?.peekAppState(appName) ?? (await readStateFile(layout.appStateFile(appName), ctx));
    const user =
      unit?.peekUserState(appName, userId) ??
      (await readStateFile(layout.userStateFile(appName, userId), ctx));
    return { app, user };
  }

  private out<T>(value: T): T {
    return this.overlay ? structuredClone(value) : value;
  }

  private toSession(
    rec: SessionHeader,
    app: JsonObject,
    user: JsonObject,
    events?: SessionEvent[],
  ): Session {
    return this.out(sessionView(rec, app, user, events));
  }

  async createSession(key: NewSessionKey, options?: CreateSessionOptions): Promise<Session> {
    const ctx = context("createSession", describeKey(key));
    assertNewSessionKey(key, ctx);
    assertOptionsObject(options, "options", ["state", "metadata"], ctx);
    if (options?.state !== undefined)
      assertStateDelta(options.state, "options.state", this.limits, ctx);
    if (options?.metadata !== undefined)
      assertJsonObject(options.metadata, "options.metadata", ctx);
    const full: SessionKey = {
      appName: key.appName,
      userId: key.userId,
      sessionId: key.sessionId ?? generateId(),
    };
    const metadata = JSON.parse(JSON.stringify(options?.metadata ?? {})) as JsonObject;
    const split = splitStateDelta(
      options?.state ? (JSON.parse(JSON.stringify(options.state)) as JsonObject) : {},
    );
    return this.run(true, async (unit) => {
      if (await unit.session(full, ctx)) {
        throw sessionAlreadyExists(ctx);
      }
      if (split.user.length > 0) {
        const user = await unit.userState(full.appName, full.userId, ctx);
        unit.stageUserState(full.appName, full.userId, applyEntries(user, split.user));
      }
      if (split.app.length > 0) {
        const app = await unit.appState(full.appName, ctx);
        unit.stageAppState(full.appName, applyEntries(app, split.app));
      }
      const now = this.now();
      const rec: SessionSnapshot = {
        id: full.sessionId,
        appName: full.appName,
        userId: full.userId,
        status: "active",
        metadata,
        state: applyEntries({}, split.session),
        createdAt: now,
        updatedAt: now,
        expiredAt: null,
        revision: 1,
        lastSeq: 0,
        events: [],
      };
      unit.stageSession(full, rec, ctx);
      const { app, user } = await this.scopes(unit, full.appName, full.userId, ctx);
      return this.toSession(rec, app, user, []);
    });
  }

  async getSession(key: SessionKey, options?: GetSessionOptions): Promise<Session | null> {
    const ctx = context("getSession", describeKey(key));
    assertSessionKey(key, ctx);
    const o = normalizeGetOptions(options, ctx);
    return this.run(false, async (unit) => {
      const rec = await unit.session(key, ctx);
      if (!rec || (rec.status === "expired" && !o.includeExpired)) return null;
      let events: SessionEvent[] = [];
      if (o.recentEvents !== 0) {
        let all = rec.events;
        if (o.afterSeq !== undefined) all = all.filter((e) => e.seq > (o.afterSeq as number));
        if (o.afterTimestamp !== undefined) {
          all = all.filter((e) => e.timestamp >= (o.afterTimestamp as number));
        }
        if (o.recentEvents !== undefined) all = all.slice(Math.max(0, all.length - o.recentEvents));
        events = all;
      }
      const { app, user } = await this.scopes(unit, key.appName, key.userId, ctx);
      return this.toSession(rec, app, user, events);
    });
  }

  async appendEvent(
    key: SessionKey,
    event: NewEvent,
    options?: AppendOptions,
  ): Promise<SessionEvent> {
    const ctx = context("appendEvent", describeKey(key));
    assertSessionKey(key, ctx);
    const prepared = prepareEvent(event, "event", this.limits, ctx);
    const [stored] = await this.append(
      key,
      [prepared],
      normalizeExpectedRevision(options, ctx),
      ctx,
    );
    return stored as SessionEvent;
  }

  async appendEvents(
    key: SessionKey,
    events: NewEvent[],
    options?: AppendOptions,
  ): Promise<SessionEvent[]> {
    const ctx = context("appendEvents", describeKey(key));
    assertSessionKey(key, ctx);
    const prepared = prepareBatch(events, this.limits, ctx);
    return this.append(key, prepared, normalizeExpectedRevision(options, ctx), ctx);
  }

  async updateState(
    key: SessionKey,
    delta: JsonObject,
    options?: AppendOptions,
  ): Promise<SessionEvent> {
    const ctx = context("updateState", describeKey(key));
    assertSessionKey(key, ctx);
    const prepared = prepareStateUpdate(delta, this.limits, ctx);
    const [stored] = await this.append(
      key,
      [prepared],
      normalizeExpectedRevision(options, ctx),
      ctx,
    );
    return stored as SessionEvent;
  }

  /** The shared append path: checks everything first, then stages; all or nothing. */
  private append(
    key: SessionKey,
    events: PreparedEvent[],
    expectedRevision: number | undefined,
    ctx: ErrorContext,
  ): Promise<SessionEvent[]> {
    assertUniqueBatchIds(events, ctx);
    const write = events.some((e) => !e.partial);
    return this.run(write, async (unit) => {
      const rec = await unit.session(key, ctx);
      if (!rec || rec.status === "expired") throw sessionNotFound(ctx, rec !== null);
      const bySeq = new Map<string, SessionEvent>();
      if (events.some((e) => e.id !== undefined && !e.partial)) {
        for (const e of rec.events) bySeq.set(e.id, e);
      }
      const existing = planAppend(
        events,
        (id) => bySeq.get(id),
        rec.revision,
        expectedRevision,
        ctx,
      );
      const file = unit.sessionFile(key);
      const now = this.now();
      const appended: SessionEvent[] = [];
      let sessionState = rec.state;
      const appEntries: Array<[string, JsonValue]> = [];
      const userEntries: Array<[string, JsonValue]> = [];
      let lastSeq = rec.lastSeq;
      const out: SessionEvent[] = [];
      events.forEach((e, i) => {
        const found = existing[i];
        if (found) {
          out.push(found);
          return;
        }
        const stored = eventRecord(
          toStoredEvent(
            e,
            e.id ?? generateId(),
            e.partial ? lastSeq : lastSeq + 1,
            e.timestamp ?? now,
          ),
        );
        if (e.partial) {
          const partial = { ...stored, partial: true };
          unit.notifications.push({ file, event: partial });
          out.push(structuredClone(partial));
          return;
        }
        lastSeq = stored.seq;
        appended.push(stored);
        if (e.scoped) {
          sessionState = applyEntries(sessionState, e.scoped.session);
          appEntries.push(...e.scoped.app);
          userEntries.push(...e.scoped.user);
        }
        unit.notifications.push({ file, event: stored });
        out.push(structuredClone(stored));
      });
      if (appended.length > 0) {
        if (userEntries.length > 0) {
          const user = await unit.userState(key.appName, key.userId, ctx);
          unit.stageUserState(key.appName, key.userId, applyEntries(user, userEntries));
        }
        if (appEntries.length > 0) {
          const app = await unit.appState(key.appName, ctx);
          unit.stageAppState(key.appName, applyEntries(app, appEntries));
        }
        unit.stageSession(
          key,
          {
            ...rec,
            state: sessionState,
            updatedAt: now,
            revision: rec.revision + appended.length,
            lastSeq,
            events: [...rec.events, ...appended],
          },
          ctx,
        );
      }
      return out;
    });
  }

  async listEvents(key: SessionKey, options?: ListEventsOptions): Promise<EventPage> {
    const ctx = context("listEvents", describeKey(key));
    assertSessionKey(key, ctx);
    const o = normalizeListEventsOptions(options, ctx);
    return this.run(false, async (unit) => {
      const rec = await unit.session(key, ctx);
      if (!rec || (rec.status === "expired" && !o.includeExpired))
        throw sessionNotFound(ctx, rec !== null);
      let events = rec.events;
      if (o.afterSeq !== undefined) events = events.filter((e) => e.seq > (o.afterSeq as number));
      if (o.beforeSeq !== undefined) events = events.filter((e) => e.seq < (o.beforeSeq as number));
      if (o.order === "desc") events = [...events].reverse();
      const page = events.slice(0, o.limit);
      const last = page[page.length - 1];
      return this.out({ events: page, nextSeq: events.length > o.limit && last ? last.seq : null });
    });
  }

  listSessions(options: ListSessionsOptions): Promise<SessionPage> {
    return this.queries.listSessions(options);
  }

  searchEvents(options: SearchOptions): Promise<SearchHit[]> {
    return this.queries.searchEvents(options);
  }

  scanSessions(options?: ScanSessionsOptions): Promise<SessionKey[]> {
    return this.queries.scanSessions(options);
  }

  listStateScopes(): Promise<StateScope[]> {
    return this.queries.listStateScopes();
  }

  async deleteSession(key: SessionKey): Promise<boolean> {
    const ctx = context("deleteSession", describeKey(key));
    assertSessionKey(key, ctx);
    return this.run(true, async (unit) => {
      const rec = await unit.session(key, ctx);
      if (!rec) return false;
      unit.stageSession(key, null, ctx);
      unit.notifications.push({ file: unit.sessionFile(key), event: null });
      return true;
    });
  }

  async getUserState(scope: UserScope): Promise<JsonObject> {
    const ctx = context("getUserState", describeKey(scope as SessionKey));
    assertUserScope(scope, ctx);
    return this.run(false, async (unit) =>
      this.out(await unit.userState(scope.appName, scope.userId, ctx)),
    );
  }

  async getAppState(scope: AppScope): Promise<JsonObject> {
    const ctx = context("getAppState", `app ${JSON.stringify(scope?.appName)}`);
    assertAppScope(scope, ctx);
    return this.run(false, async (unit) => this.out(await unit.appState(scope.appName, ctx)));
  }

  async expireSession(key: SessionKey): Promise<boolean> {
    const ctx = context("expireSession", describeKey(key));
    assertSessionKey(key, ctx);
    return this.run(true, async (unit) => {
      const rec = await unit.session(key, ctx);
      if (!rec) throw sessionNotFound(ctx);
      if (rec.status === "expired") return false;
      unit.stageSession(
        key,
        { ...rec, status: "expired", expiredAt: this.now(), revision: rec.revision + 1 },
        ctx,
      );
      return true;
    });
  }

  async expireIdleSessions(options: ExpireIdleOptions): Promise<number> {
    const ctx = context("expireIdleSessions");
    const o = normalizeExpireIdleOptions(options, ctx);
    const apps =
      o.appName !== undefined
        ? [o.appName]
        : (await listApps(this.store.layout, ctx)).map((a) => a.id);
    let count = 0;
    for (const appName of apps) {
      const idle = (await this.queries.headers(appName, undefined, ctx)).filter(
        (h) => h.status === "active" && h.updatedAt < o.idleSince,
      );
      for (const h of idle) {
        const key = keyOf(h);
        const expired = await this.run(true, async (unit) => {
          const rec = await unit.session(key, ctx);
          if (rec?.status !== "active" || rec.updatedAt >= o.idleSince) return false;
          unit.stageSession(
            key,
            { ...rec, status: "expired", expiredAt: this.now(), revision: rec.revision + 1 },
            ctx,
          );
          return true;
        });
        if (expired) count++;
      }
    }
    return count;
  }

  async readSnapshot(key: SessionKey): Promise<SessionSnapshot | null> {
    const ctx = context("readSnapshot", describeKey(key));
    assertSessionKey(key, ctx);
    return this.run(false, async (unit) => this.out(await unit.session(key, ctx)));
  }

  async writeSnapshot(
    snapshot: SessionSnapshot,
    options: WriteSnapshotOptions,
  ): Promise<WriteSnapshotResult> {
    const ctx = context(
      "writeSnapshot",
      describeKey({
        appName: snapshot?.appName,
        userId: snapshot?.userId,
        sessionId: snapshot?.id,
      }),
    );
    assertSnapshot(snapshot, ctx);
    const mode = normalizeWriteSnapshotMode(options, ctx);
    const copy = JSON.parse(JSON.stringify(snapshot)) as SessionSnapshot;
    const rec: SessionSnapshot = {
      id: copy.id,
      appName: copy.appName,
      userId: copy.userId,
      status: copy.status,
      metadata: copy.metadata,
      state: copy.state,
      createdAt: copy.createdAt,
      updatedAt: copy.updatedAt,
      expiredAt: copy.expiredAt,
      revision: copy.revision,
      lastSeq: copy.lastSeq,
      events: copy.events.map(eventRecord),
    };
    const key = keyOf(rec);
    return this.run(true, async (unit) => {
      const current = await unit.session(key, ctx);
      if (current && mode === "if-newer" && current.revision >= rec.revision) return "skipped";
      unit.stageSession(key, rec, ctx);
      return "written";
    });
  }

  async writeScopedState(scope: StateScope, state: JsonObject): Promise<void> {
    const ctx = context("writeScopedState", describeKey(scope as SessionKey));
    if (scope === null || typeof scope !== "object") {
      throw invalidArgument(ctx, "scope", "must be { appName, userId? }");
    }
    assertId(scope.appName, "scope.appName", ctx);
    if (scope.userId !== undefined) assertId(scope.userId, "scope.userId", ctx);
    assertStateDelta(state, "state", this.limits, ctx);
    const clean = Object.fromEntries(
      Object.entries(JSON.parse(JSON.stringify(state)) as JsonObject).filter(([, v]) => v !== null),
    ) as JsonObject;
    await this.run(true, async (unit) => {
      if (scope.userId === undefined) {
        await unit.appState(scope.appName, ctx);
        unit.stageAppState(scope.appName, clean);
      } else {
        await unit.userState(scope.appName, scope.userId, ctx);
        unit.stageUserState(scope.appName, scope.userId, clean);
      }
    });
  }

  async getMeta(name: string): Promise<JsonValue | null> {
    const ctx = context("getMeta", JSON.stringify(name));
    assertMetaName(name, "name", ctx);
    return this.run(false, async (unit) => {
      const json = (await unit.metaEntries(ctx)).get(name);
      return json === undefined ? null : (JSON.parse(json) as JsonValue);
    });
  }

  async setMeta(name: string, value: JsonValue | null): Promise<void> {
    const ctx = context("setMeta", JSON.stringify(name));
    assertMetaName(name, "name", ctx);
    if (value !== null) assertJsonValue(value, "value", ctx);
    await this.run(true, async (unit) => {
      const meta = new Map(await unit.metaEntries(ctx));
      if (value === null) {
        if (!meta.delete(name)) return;
      } else meta.set(name, JSON.stringify(value));
      unit.stageMeta(meta);
    });
  }

  async listMeta(
    prefix: string,
    options?: { limit?: number; after?: string },
  ): Promise<MetaEntry[]> {
    const ctx = context("listMeta", JSON.stringify(prefix));
    if (typeof prefix !== "string") throw invalidArgument(ctx, "prefix", "must be a string");
    assertOptionsObject(options, "options", ["limit", "after"], ctx);
    assertOptionalInt(options?.limit, "options.limit", ctx, 1, 10_000);
    const after = options?.after;
    if (after !== undefined && typeof after !== "string") {
      throw invalidArgument(ctx, "options.after", "must be a string");
    }
    return this.run(false, async (unit) =>
      [...(await unit.metaEntries(ctx)).entries()]
        .filter(
          ([name]) =>
            name.startsWith(prefix) && (after === undefined || compareStrings(name, after) > 0),
        )
        .sort(([a], [b]) => compareStrings(a, b))
        .slice(0, options?.limit ?? 1000)
        .map(([name, json]) => ({ name, value: JSON.parse(json) as JsonValue })),
    );
  }
}
