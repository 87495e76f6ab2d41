import type { JsonObject, JsonValue } from "../contract/json.js";
import type {
  AppendOptions,
  CreateSessionOptions,
  ExpireIdleOptions,
  GetSessionOptions,
  ListEventsOptions,
  ListSessionsOptions,
  ScanSessionsOptions,
  SearchOptions,
  WriteSnapshotOptions,
} from "../contract/options.js";
import type {
  EventPage,
  MetaEntry,
  SearchHit,
  SessionPage,
  StateScope,
  WriteSnapshotResult,
} from "../contract/results.js";
import type { Session, SessionSnapshot } from "../contract/session.js";
import type { NewEvent, SessionEvent } from "../contract/session-event.js";
import type { AppScope, NewSessionKey, SessionKey, UserScope } from "../contract/session-key.js";
import type { SessionOperations } from "../contract/session-operations.js";
import { sessionAlreadyExists, sessionNotFound } from "../errors/common-errors.js";
import { describeKey } from "../errors/describe-key.js";
import type { ErrorContext } from "../errors/session-kit-error.js";
import { applyEntries } from "../state/apply-entries.js";
import { mergeState } from "../state/merge-state.js";
import { splitStateDelta } from "../state/scoped-delta.js";
import { compareKeys, compareSearchHits, compareStrings } from "../util/compare-keys.js";
import { copyJson } from "../util/copy-json.js";
import { generateId } from "../util/generate-id.js";
import { metadataMatcher } from "../util/metadata-filter.js";
import { pageSessions } from "../util/page-sessions.js";
import { assertUniqueBatchIds, planAppend } from "../util/plan-append.js";
import { scanSnippet, searchableText } from "../util/search-text.js";
import { toStoredEvent } from "../util/to-stored-event.js";
import { assertId } from "../validation/ids.js";
import { invalidArgument } from "../validation/invalid.js";
import { assertJsonObject, assertJsonValue } from "../validation/json-value.js";
import {
  assertAppScope,
  assertNewSessionKey,
  assertSessionKey,
  assertUserScope,
} from "../validation/keys.js";
import type { Limits } from "../validation/limits.js";
import {
  normalizeExpectedRevision,
  normalizeExpireIdleOptions,
  normalizeGetOptions,
  normalizeListEventsOptions,
  normalizeListSessionsOptions,
  normalizeSearchOptions,
} from "../validation/normalize-options.js";
import { assertOptionalInt, assertOptionsObject } from "../validation/option-checks.js";
import { prepareBatch, prepareStateUpdate } from "../validation/prepare-batch.js";
import { type PreparedEvent, prepareEvent } from "../validation/prepare-event.js";
import {
  assertMetaName,
  assertSnapshot,
  normalizeWriteSnapshotMode,
} from "../validation/snapshot.js";
import { assertStateDelta } from "../validation/state-delta.js";
import {
  type MemorySession,
  type MemoryState,
  readEvent,
  sessionKeyOf,
  userKeyOf,
} from "./memory-state.js";

export const MEMORY_ADAPTER = "memory";

/** Receives stored and partial events once they are visible (after commit). */
export type EventSink = (sessionKey: string, event: SessionEvent | null) => void;

/**
 * The data operations of MemoryRepository over one MemoryState. Each call runs synchronously
 * to completion, so no other call interleaves; the repository adds transactions and the gate.
 */
export class MemoryOperations implements SessionOperations {
  constructor(
    readonly state: MemoryState,
    private readonly limits: Limits,
    private readonly now: () => number,
    private readonly sink: EventSink,
  ) {}

  private ctx(operation: string, subject?: string): ErrorContext {
    return { adapter: MEMORY_ADAPTER, operation, subject };
  }

  private find(key: SessionKey): MemorySession | undefined {
    return this.state.sessions.get(sessionKeyOf(key.appName, key.userId, key.sessionId));
  }

  private toSession(rec: MemorySession, events?: SessionEvent[]): Session {
    const session: Session = {
      appName: rec.appName,
      userId: rec.userId,
      id: rec.id,
      state: mergeState(
        rec.state,
        this.state.appState.get(rec.appName) ?? {},
        this.state.userState.get(userKeyOf(rec.appName, rec.userId)) ?? {},
      ),
      metadata: JSON.parse(rec.metadataJson) as JsonObject,
      status: rec.status,
      createdAt: rec.createdAt,
      updatedAt: rec.updatedAt,
      expiredAt: rec.expiredAt,
      lastSeq: rec.events.length,
      revision: rec.revision,
    };
    if (events) session.events = events;
    return structuredClone(session);
  }

  private applyScoped(
    rec: MemorySession,
    prepared: PreparedEvent | { scoped: PreparedEvent["scoped"] },
  ): void {
    const scoped = prepared.scoped;
    if (!scoped) return;
    rec.state = applyEntries(rec.state, scoped.session);
    if (scoped.app.length > 0) {
      const next = applyEntries(this.state.appState.get(rec.appName) ?? {}, scoped.app);
      this.state.appState.set(rec.appName, next);
    }
    if (scoped.user.length > 0) {
      const key = userKeyOf(rec.appName, rec.userId);
      this.state.userState.set(key, applyEntries(this.state.userState.get(key) ?? {}, scoped.user));
    }
  }

  async createSession(key: NewSessionKey, options?: CreateSessionOptions): Promise<Session> {
    const ctx = this.ctx("createSession", describeKey(key));
    assertNewSessionKey(key, ctx);
    assertOptionsObject(options, "options", ["state", "metadata"], ctx);
    if (options?.state !== undefined)
      assertStateDelta(options.state, "options.state", this.limits, ctx);
    if (options?.metadata !== undefined)
      assertJsonObject(options.metadata, "options.metadata", ctx);
    const id = key.sessionId ?? generateId();
    const mapKey = sessionKeyOf(key.appName, key.userId, id);
    if (this.state.sessions.has(mapKey)) {
      throw sessionAlreadyExists(ctx);
    }
    const now = this.now();
    const rec: MemorySession = {
      appName: key.appName,
      userId: key.userId,
      id,
      status: "active",
      metadataJson: JSON.stringify(options?.metadata ?? {}),
      state: {},
      createdAt: now,
      updatedAt: now,
      expiredAt: null,
      revision: 1,
      events: [],
      eventSeqById: new Map(),
    };
    // Split a copy: the caller may change its state object after the call returns.
    if (options?.state) this.applyScoped(rec, { scoped: splitStateDelta(copyJson(options.state)) });
    this.state.sessions.set(mapKey, rec);
    return this.toSession(rec, []);
  }

  async getSession(key: SessionKey, options?: GetSessionOptions): Promise<Session | null> {
    const ctx = this.ctx("getSession", describeKey(key));
    assertSessionKey(key, ctx);
    const o = normalizeGetOptions(options, ctx);
    const rec = this.find(key);
    if (!rec || (rec.status === "expired" && !o.includeExpired)) return null;
    let events: SessionEvent[] = [];
    if (o.recentEvents !== 0) {
      let all = rec.events.map(readEvent);
      if (o.afterSeq !== undefined) all = all.filter((e) => e.seq > (o.afterSeq as number));
      if (o.afterTimestamp !== undefined)
        all = all.filter((e) => e.timestamp >= (o.afterTimestamp as number));
      if (o.recentEvents !== undefined) all = all.slice(Math.max(0, all.length - o.recentEvents));
      events = all;
    }
    return this.toSession(rec, events);
  }

  async appendEvent(
    key: SessionKey,
    event: NewEvent,
    options?: AppendOptions,
  ): Promise<SessionEvent> {
    const ctx = this.ctx("appendEvent", describeKey(key));
    assertSessionKey(key, ctx);
    const prepared = prepareEvent(event, "event", this.limits, ctx);
    const [stored] = this.append(key, [prepared], normalizeExpectedRevision(options, ctx), ctx);
    return stored as SessionEvent;
  }

  async appendEvents(
    key: SessionKey,
    events: NewEvent[],
    options?: AppendOptions,
  ): Promise<SessionEvent[]> {
    const ctx = this.ctx("appendEvents", describeKey(key));
    assertSessionKey(key, ctx);
    const prepared = prepareBatch(events, this.limits, ctx);
    return this.append(key, prepared, normalizeExpectedRevision(options, ctx), ctx);
  }

  async updateState(
    key: SessionKey,
    delta: JsonObject,
    options?: AppendOptions,
  ): Promise<SessionEvent> {
    const ctx = this.ctx("updateState", describeKey(key));
    assertSessionKey(key, ctx);
    const prepared = prepareStateUpdate(delta, this.limits, ctx);
    const [stored] = this.append(key, [prepared], normalizeExpectedRevision(options, ctx), ctx);
    return stored as SessionEvent;
  }

  /** The shared append path: checks everything first, then writes; all or nothing. */
  private append(
    key: SessionKey,
    events: PreparedEvent[],
    expectedRevision: number | undefined,
    ctx: ErrorContext,
  ): SessionEvent[] {
    assertUniqueBatchIds(events, ctx);
    const rec = this.find(key);
    if (!rec || rec.status === "expired") throw sessionNotFound(ctx, rec !== undefined);
    const existing = planAppend(
      events,
      (id) => {
        const seq = rec.eventSeqById.get(id);
        return seq === undefined ? undefined : readEvent(rec.events[seq - 1] as string);
      },
      rec.revision,
      expectedRevision,
      ctx,
    );
    const now = this.now();
    const mapKey = sessionKeyOf(rec.appName, rec.userId, rec.id);
    const out: SessionEvent[] = [];
    events.forEach((e, i) => {
      const found = existing[i];
      if (found) {
        out.push(found);
        return;
      }
      const stored = toStoredEvent(
        e,
        e.id ?? generateId(),
        e.partial ? rec.events.length : rec.events.length + 1,
        e.timestamp ?? now,
      );
      if (e.partial) {
        stored.partial = true;
        this.sink(mapKey, stored);
        out.push(structuredClone(stored));
        return;
      }
      rec.events.push(JSON.stringify(stored));
      rec.eventSeqById.set(stored.id, stored.seq);
      rec.revision += 1;
      rec.updatedAt = now;
      this.applyScoped(rec, e);
      this.sink(mapKey, stored);
      out.push(readEvent(rec.events[stored.seq - 1] as string));
    });
    return out;
  }

  async listEvents(key: SessionKey, options?: ListEventsOptions): Promise<EventPage> {
    const ctx = this.ctx("listEvents", describeKey(key));
    assertSessionKey(key, ctx);
    const o = normalizeListEventsOptions(options, ctx);
    const rec = this.find(key);
    if (!rec || (rec.status === "expired" && !o.includeExpired))
      throw sessionNotFound(ctx, rec !== undefined);
    let seqs = rec.events.map((_, i) => i + 1);
    if (o.afterSeq !== undefined) seqs = seqs.filter((s) => s > (o.afterSeq as number));
    if (o.beforeSeq !== undefined) seqs = seqs.filter((s) => s < (o.beforeSeq as number));
    if (o.order === "desc") seqs.reverse();
    const page = seqs.slice(0, o.limit);
    const more = seqs.length > o.limit;
    return {
      events: page.map((s) => readEvent(rec.events[s - 1] as string)),
      nextSeq: more ? (page[page.length - 1] as number) : null,
    };
  }

  async listSessions(options: ListSessionsOptions): Promise<SessionPage> {
    const ctx = this.ctx(
      "listSessions",
      options?.appName === undefined ? undefined : `app ${JSON.stringify(options.appName)}`,
    );
    const o = normalizeListSessionsOptions(options, ctx);
    const matches = metadataMatcher(o.metadata);
    const rows = [...this.state.sessions.values()].filter(
      (s) =>
        s.appName === o.appName &&
        (o.userId === undefined || s.userId === o.userId) &&
        (o.status === "all" || s.status === o.status) &&
        (o.updatedAfter === undefined || s.updatedAt > o.updatedAfter) &&
        (o.updatedBefore === undefined || s.updatedAt < o.updatedBefore) &&
        (o.metadata === undefined || matches(JSON.parse(s.metadataJson) as JsonObject)),
    );
    const { page, nextCursor } = pageSessions(rows, o);
    return { sessions: page.map((s) => this.toSession(s)), nextCursor };
  }

  async deleteSession(key: SessionKey): Promise<boolean> {
    const ctx = this.ctx("deleteSession", describeKey(key));
    assertSessionKey(key, ctx);
    const mapKey = sessionKeyOf(key.appName, key.userId, key.sessionId);
    const existed = this.state.sessions.delete(mapKey);
    if (existed) this.sink(mapKey, null);
    return existed;
  }

  async getUserState(scope: UserScope): Promise<JsonObject> {
    const ctx = this.ctx("getUserState", describeKey(scope as SessionKey));
    assertUserScope(scope, ctx);
    return structuredClone(this.state.userState.get(userKeyOf(scope.appName, scope.userId)) ?? {});
  }

  async getAppState(scope: AppScope): Promise<JsonObject> {
    const ctx = this.ctx("getAppState", `app ${JSON.stringify(scope?.appName)}`);
    assertAppScope(scope, ctx);
    return structuredClone(this.state.appState.get(scope.appName) ?? {});
  }

  async expireSession(key: SessionKey): Promise<boolean> {
    const ctx = this.ctx("expireSession", describeKey(key));
    assertSessionKey(key, ctx);
    const rec = this.find(key);
    if (!rec) throw sessionNotFound(ctx);
    if (rec.status === "expired") return false;
    rec.status = "expired";
    rec.expiredAt = this.now();
    rec.revision += 1;
    return true;
  }

  async expireIdleSessions(options: ExpireIdleOptions): Promise<number> {
    const ctx = this.ctx("expireIdleSessions");
    const o = normalizeExpireIdleOptions(options, ctx);
    const now = this.now();
    let count = 0;
    for (const rec of this.state.sessions.values()) {
      if (rec.status !== "active" || rec.updatedAt >= o.idleSince) continue;
      if (o.appName !== undefined && rec.appName !== o.appName) continue;
      rec.status = "expired";
      rec.expiredAt = now;
      rec.revision += 1;
      count++;
    }
    return count;
  }

  async searchEvents(options: SearchOptions): Promise<SearchHit[]> {
    const ctx = this.ctx(
      "searchEvents",
      options?.appName === undefined ? undefined : `app ${JSON.stringify(options.appName)}`,
    );
    const o = normalizeSearchOptions(options, ctx);
    const hits: Array<SearchHit & { updatedAt: number }> = [];
    for (const rec of this.state.sessions.values()) {
      if (rec.appName !== o.appName || rec.status !== "active") continue;
      if (o.userId !== undefined && rec.userId !== o.userId) continue;
      if (o.sessionId !== undefined && rec.id !== o.sessionId) continue;
      for (const json of rec.events) {
        const event = readEvent(json);
        const snippet = scanSnippet(searchableText(event.content), o.terms);
        if (snippet === null) continue;
        hits.push({
          key: { appName: rec.appName, userId: rec.userId, sessionId: rec.id },
          event,
          snippet,
          updatedAt: rec.updatedAt,
        });
      }
    }
    hits.sort(compareSearchHits);
    return hits.slice(0, o.limit).map(({ updatedAt: _, ...hit }) => hit);
  }

  async readSnapshot(key: SessionKey): Promise<SessionSnapshot | null> {
    const ctx = this.ctx("readSnapshot", describeKey(key));
    assertSessionKey(key, ctx);
    const rec = this.find(key);
    if (!rec) return null;
    return {
      id: rec.id,
      appName: rec.appName,
      userId: rec.userId,
      status: rec.status,
      metadata: JSON.parse(rec.metadataJson) as JsonObject,
      state: structuredClone(rec.state),
      createdAt: rec.createdAt,
      updatedAt: rec.updatedAt,
      expiredAt: rec.expiredAt,
      revision: rec.revision,
      lastSeq: rec.events.length,
      events: rec.events.map(readEvent),
    };
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
    const mapKey = sessionKeyOf(snapshot.appName, snapshot.userId, snapshot.id);
    const current = this.state.sessions.get(mapKey);
    if (current && mode === "if-newer" && current.revision >= snapshot.revision) return "skipped";
    const events = snapshot.events.map((e) => JSON.stringify(e));
    this.state.sessions.set(mapKey, {
      appName: snapshot.appName,
      userId: snapshot.userId,
      id: snapshot.id,
      status: snapshot.status,
      metadataJson: JSON.stringify(snapshot.metadata),
      state: copyJson(snapshot.state),
      createdAt: snapshot.createdAt,
      updatedAt: snapshot.updatedAt,
      expiredAt: snapshot.expiredAt,
      revision: snapshot.revision,
      events,
      eventSeqById: new Map(snapshot.events.map((e) => [e.id, e.seq])),
    });
    return "written";
  }

  async scanSessions(options?: ScanSessionsOptions): Promise<SessionKey[]> {
    const ctx = this.ctx("scanSessions");
    assertOptionsObject(options, "options", ["after", "limit", "appName"], ctx);
    assertOptionalInt(options?.limit, "options.limit", ctx, 1, 10_000);
    if (options?.after !== undefined) assertSessionKey(options.after, ctx, "options.after");
    if (options?.appName !== undefined) assertId(options.appName, "options.appName", ctx);
    const after = options?.after;
    const keys = [...this.state.sessions.values()]
      .map((s) => ({ appName: s.appName, userId: s.userId, sessionId: s.id }))
      .filter(
        (k) =>
          (options?.appName === undefined || k.appName === options.appName) &&
          (!after || compareKeys(k, after) > 0),
      )
      .sort(compareKeys);
    return keys.slice(0, options?.limit ?? 500);
  }

  async listStateScopes(): Promise<StateScope[]> {
    const scopes: StateScope[] = [];
    for (const [appName, state] of this.state.appState)
      if (Object.keys(state).length > 0) scopes.push({ appName });
    for (const [key, state] of this.state.userState) {
      if (Object.keys(state).length === 0) continue;
      const [appName, userId] = JSON.parse(key) as [string, string];
      scopes.push({ appName, userId });
    }
    return scopes.sort(
      (a, b) =>
        compareStrings(a.appName, b.appName) ||
        compareStrings(a.userId ?? "", b.userId ?? "") ||
        (a.userId === undefined ? -1 : 1) - (b.userId === undefined ? -1 : 1),
    );
  }

  async writeScopedState(scope: StateScope, state: JsonObject): Promise<void> {
    const ctx = this.ctx("writeScopedState", describeKey(scope as SessionKey));
    if (scope === null || typeof scope !== "object")
      throw invalidArgument(ctx, "scope", "must be { appName, userId? }");
    assertId(scope.appName, "scope.appName", ctx);
    if (scope.userId !== undefined) assertId(scope.userId, "scope.userId", ctx);
    assertStateDelta(state, "state", this.limits, ctx);
    const clean = Object.fromEntries(Object.entries(copyJson(state)).filter(([, v]) => v !== null));
    if (scope.userId === undefined) this.state.appState.set(scope.appName, clean);
    else this.state.userState.set(userKeyOf(scope.appName, scope.userId), clean);
  }

  async getMeta(name: string): Promise<JsonValue | null> {
    const ctx = this.ctx("getMeta", JSON.stringify(name));
    assertMetaName(name, "name", ctx);
    const json = this.state.meta.get(name);
    return json === undefined ? null : (JSON.parse(json) as JsonValue);
  }

  async setMeta(name: string, value: JsonValue | null): Promise<void> {
    const ctx = this.ctx("setMeta", JSON.stringify(name));
    assertMetaName(name, "name", ctx);
    if (value === null) {
      this.state.meta.delete(name);
      return;
    }
    assertJsonValue(value, "value", ctx);
    this.state.meta.set(name, JSON.stringify(value));
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
    return [...this.state.meta.entries()]
      .filter(
        ([name]) =>
          name.startsWith(prefix) && (after === undefined || compareStrings(name, after) > 0),
      )
      .sort(([a], [b]) => compareStrings(a, b))
      .slice(0, options?.limit ?? 1000)
      .map(([name, json]) => ({ name, value: JSON.parse(json) as JsonValue }));
  }
}
