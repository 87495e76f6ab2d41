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
import { sessionAlreadyExists, sessionNotFound } from "../errors/common-errors.js";
import type { ErrorContext } from "../errors/session-kit-error.js";
import type {
  CreateSessionInput,
  ExpireIdleInput,
  GetOrCreateSessionInput,
  ListMetaInput,
  ScanSessionsInput,
  SessionStorage,
} from "../kit/session-storage.js";
import { applyEntries } from "../state/apply-entries.js";
import { mergeState } from "../state/merge-state.js";
import { compareKeys, compareStrings } from "../util/compare-keys.js";
import { copyJson } from "../util/copy-json.js";
import { listMetaEntries, metaValue } from "../util/meta-entries.js";
import { metadataMatcher } from "../util/metadata-filter.js";
import { pageSessions } from "../util/page-sessions.js";
import { planAppend } from "../util/plan-append.js";
import { SearchScan } from "../util/search-scan.js";
import { selectSessionEvents } from "../util/select-events.js";
import { storedBatch } from "../util/stored-batch.js";
import type {
  NormalizedGetOptions,
  NormalizedListEvents,
  NormalizedListSessions,
  NormalizedSearch,
} from "../validation/normalize-options.js";
import type { PreparedEvent } from "../validation/prepare-event.js";
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
 * The storage side of MemoryRepository over one MemoryState, behind the core front door (which
 * validated every input). Each call runs synchronously to completion, so no other call
 * interleaves; the repository adds transactions and the gate.
 */
export class MemoryStorage implements SessionStorage {
  constructor(
    readonly state: MemoryState,
    private readonly now: () => number,
    private readonly sink: EventSink,
  ) {}

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

  private applyScoped(rec: MemorySession, scoped: PreparedEvent["scoped"]): void {
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

  createSession({ key, state, metadata }: CreateSessionInput, ctx: ErrorContext): Session {
    const mapKey = sessionKeyOf(key.appName, key.userId, key.sessionId);
    if (this.state.sessions.has(mapKey)) throw sessionAlreadyExists(ctx);
    const now = this.now();
    const rec: MemorySession = {
      appName: key.appName,
      userId: key.userId,
      id: key.sessionId,
      status: "active",
      metadataJson: JSON.stringify(metadata),
      state: {},
      createdAt: now,
      updatedAt: now,
      expiredAt: null,
      revision: 1,
      events: [],
      eventSeqById: new Map(),
    };
    this.applyScoped(rec, state);
    this.state.sessions.set(mapKey, rec);
    return this.toSession(rec, []);
  }

  /** Synchronous, so no other call interleaves between the lookup and the insert. */
  getOrCreateSession(input: GetOrCreateSessionInput, ctx: ErrorContext): GetOrCreateSessionResult {
    const rec = this.find(input.key);
    if (rec?.status === "expired") throw sessionAlreadyExists(ctx);
    if (rec) return { session: this.getSession(input.key, input.get) as Session, created: false };
    return { session: this.createSession(input, ctx), created: true };
  }

  getSession(key: SessionKey, o: NormalizedGetOptions): Session | null {
    const rec = this.find(key);
    if (!rec || (rec.status === "expired" && !o.includeExpired)) return null;
    // recentEvents 0 asks for no events: none is parsed.
    const events = o.recentEvents === 0 ? [] : selectSessionEvents(rec.events.map(readEvent), o);
    return this.toSession(rec, events);
  }

  /** Checks everything first, then writes; all or nothing. */
  appendEvents(
    key: SessionKey,
    events: PreparedEvent[],
    expectedRevision: number | undefined,
    ctx: ErrorContext,
  ): SessionEvent[] {
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
    return storedBatch(events, existing, rec.events.length, now).map((stored, i) => {
      if (existing[i]) return stored;
      if (stored.partial) {
        this.sink(mapKey, stored);
        return structuredClone(stored);
      }
      rec.events.push(JSON.stringify(stored));
      rec.eventSeqById.set(stored.id, stored.seq);
      rec.revision += 1;
      rec.updatedAt = now;
      this.applyScoped(rec, (events[i] as PreparedEvent).scoped);
      this.sink(mapKey, stored);
      return readEvent(rec.events[stored.seq - 1] as string);
    });
  }

  listEvents(key: SessionKey, o: NormalizedListEvents, ctx: ErrorContext): EventPage {
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

  listSessions(o: NormalizedListSessions): SessionPage {
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

  deleteSession(key: SessionKey): boolean {
    const mapKey = sessionKeyOf(key.appName, key.userId, key.sessionId);
    const existed = this.state.sessions.delete(mapKey);
    if (existed) this.sink(mapKey, null);
    return existed;
  }

  getUserState(scope: UserScope): JsonObject {
    return structuredClone(this.state.userState.get(userKeyOf(scope.appName, scope.userId)) ?? {});
  }

  getAppState(scope: AppScope): JsonObject {
    return structuredClone(this.state.appState.get(scope.appName) ?? {});
  }

  expireSession(key: SessionKey, ctx: ErrorContext): boolean {
    const rec = this.find(key);
    if (!rec) throw sessionNotFound(ctx);
    if (rec.status === "expired") return false;
    rec.status = "expired";
    rec.expiredAt = this.now();
    rec.revision += 1;
    return true;
  }

  expireIdleSessions(o: ExpireIdleInput): number {
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

  searchEvents(o: NormalizedSearch): SearchHit[] {
    const scan = new SearchScan(o);
    for (const rec of this.state.sessions.values()) {
      if (rec.appName !== o.appName || rec.status !== "active") continue;
      if (o.userId !== undefined && rec.userId !== o.userId) continue;
      if (o.sessionId !== undefined && rec.id !== o.sessionId) continue;
      const key = { appName: rec.appName, userId: rec.userId, sessionId: rec.id };
      for (const json of rec.events) scan.add(key, readEvent(json));
    }
    return scan.hits();
  }

  readSnapshot(key: SessionKey): SessionSnapshot | null {
    const rec = this.find(key);
    if (!rec) return null;
    const { metadataJson, state, events, eventSeqById: _, ...record } = rec;
    return {
      ...record,
      metadata: JSON.parse(metadataJson) as JsonObject,
      state: structuredClone(state),
      lastSeq: events.length,
      events: events.map(readEvent),
    };
  }

  writeSnapshot(snapshot: SessionSnapshot, mode: "replace" | "if-newer"): WriteSnapshotResult {
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

  scanSessions({ after, limit, appName }: ScanSessionsInput): SessionKey[] {
    const keys = [...this.state.sessions.values()]
      .map((s) => ({ appName: s.appName, userId: s.userId, sessionId: s.id }))
      .filter(
        (k) =>
          (appName === undefined || k.appName === appName) && (!after || compareKeys(k, after) > 0),
      )
      .sort(compareKeys);
    return keys.slice(0, limit);
  }

  listStateScopes(): StateScope[] {
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

  writeScopedState(scope: StateScope, state: JsonObject): void {
    if (scope.userId === undefined) this.state.appState.set(scope.appName, state);
    else this.state.userState.set(userKeyOf(scope.appName, scope.userId), state);
  }

  getMeta(name: string): JsonValue | null {
    return metaValue(this.state.meta, name);
  }

  setMeta(name: string, value: JsonValue | null): void {
    if (value === null) this.state.meta.delete(name);
    else this.state.meta.set(name, JSON.stringify(value));
  }

  listMeta(input: ListMetaInput): MetaEntry[] {
    return listMetaEntries(this.state.meta, input);
  }
}
