import type { JsonObject, JsonValue } from "../contract/json.js";
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
} from "../contract/options.js";
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
import type { NewEvent, SessionEvent } from "../contract/session-event.js";
import type { AppScope, NewSessionKey, SessionKey, UserScope } from "../contract/session-key.js";
import type { SessionOperations } from "../contract/session-operations.js";
import { describeKey } from "../errors/describe-key.js";
import type { ErrorContext } from "../errors/session-kit-error.js";
import { assertUniqueBatchIds } from "../util/plan-append.js";
import { assertJsonValue } from "../validation/json-value.js";
import { assertAppScope, assertSessionKey, assertUserScope } from "../validation/keys.js";
import type { Limits } from "../validation/limits.js";
import {
  normalizeExpectedRevision,
  normalizeExpireIdleOptions,
  normalizeGetOptions,
  normalizeListEventsOptions,
  normalizeListSessionsOptions,
  normalizeSearchOptions,
} from "../validation/normalize-options.js";
import {
  normalizeCreateSession,
  normalizeGetOrCreateSession,
  normalizeListMeta,
  normalizeScanSessions,
  normalizeScopedStateWrite,
} from "../validation/operation-inputs.js";
import { prepareBatch, prepareStateUpdate } from "../validation/prepare-batch.js";
import { prepareEvent } from "../validation/prepare-event.js";
import {
  assertMetaName,
  assertSnapshot,
  normalizeWriteSnapshotMode,
} from "../validation/snapshot.js";
import { lazyContext } from "./lazy-context.js";
import type { MaybePromise, SessionStorage } from "./session-storage.js";

/**
 * The contract's front door, written once: every {@link SessionOperations} method validates and
 * normalises its input (before any side effect: bad input throws `INVALID_ARGUMENT` or `LIMIT`
 * and changes nothing), builds the error context (adapter, operation, key), and hands the clean
 * input to the adapter's {@link SessionStorage}. Adapters implement storage only.
 *
 * Subclass it (a repository or a transaction view sets `storage` and may override
 * {@link assertUsable}), or wrap a storage with {@link createFrontDoor}.
 */
export abstract class SessionFrontDoor implements SessionOperations {
  /** The adapter's storage side; called only with validated input. */
  protected abstract readonly storage: SessionStorage;

  /**
   * @param adapter the adapter name every error carries ("sqlite", "json-file-store", …).
   * @param limits the size limits events and state values are checked against.
   */
  protected constructor(
    protected readonly adapter: string,
    protected readonly limits: Limits,
  ) {}

  /** Throws (CLOSED) when the repository or transaction can no longer be used. */
  protected assertUsable(_operation: string): void {}

  /** The error context of one call; a function subject is rendered only if an error needs it. */
  protected context(operation: string, subject?: string | (() => string)): ErrorContext {
    this.assertUsable(operation);
    return lazyContext(this.adapter, operation, subject);
  }

  async createSession(key: NewSessionKey, options?: CreateSessionOptions): Promise<Session> {
    const ctx = this.context("createSession", describeKey(key));
    const input = normalizeCreateSession(key, options, this.limits, ctx);
    return this.storage.createSession(input, { ...ctx, subject: describeKey(input.key) });
  }

  async getOrCreateSession(
    key: SessionKey,
    options?: GetOrCreateSessionOptions,
  ): Promise<GetOrCreateSessionResult> {
    const ctx = this.context("getOrCreateSession", () => describeKey(key));
    const input = normalizeGetOrCreateSession(key, options, this.limits, ctx);
    return this.storage.getOrCreateSession(input, ctx);
  }

  async getSession(key: SessionKey, options?: GetSessionOptions): Promise<Session | null> {
    const ctx = this.context("getSession", () => describeKey(key));
    assertSessionKey(key, ctx);
    return this.storage.getSession(key, normalizeGetOptions(options, ctx), ctx);
  }

  async appendEvent(
    key: SessionKey,
    event: NewEvent,
    options?: AppendOptions,
  ): Promise<SessionEvent> {
    const ctx = this.context("appendEvent", () => describeKey(key));
    assertSessionKey(key, ctx);
    const prepared = prepareEvent(event, "event", this.limits, ctx);
    const expected = normalizeExpectedRevision(options, ctx);
    return firstOf(this.storage.appendEvents(key, [prepared], expected, ctx));
  }

  async appendEvents(
    key: SessionKey,
    events: NewEvent[],
    options?: AppendOptions,
  ): Promise<SessionEvent[]> {
    const ctx = this.context("appendEvents", () => describeKey(key));
    assertSessionKey(key, ctx);
    const prepared = prepareBatch(events, this.limits, ctx);
    assertUniqueBatchIds(prepared, ctx);
    const expected = normalizeExpectedRevision(options, ctx);
    return this.storage.appendEvents(key, prepared, expected, ctx);
  }

  async updateState(
    key: SessionKey,
    delta: JsonObject,
    options?: AppendOptions,
  ): Promise<SessionEvent> {
    const ctx = this.context("updateState", () => describeKey(key));
    assertSessionKey(key, ctx);
    const prepared = prepareStateUpdate(delta, this.limits, ctx);
    const expected = normalizeExpectedRevision(options, ctx);
    return firstOf(this.storage.appendEvents(key, [prepared], expected, ctx));
  }

  async listEvents(key: SessionKey, options?: ListEventsOptions): Promise<EventPage> {
    const ctx = this.context("listEvents", () => describeKey(key));
    assertSessionKey(key, ctx);
    return this.storage.listEvents(key, normalizeListEventsOptions(options, ctx), ctx);
  }

  async listSessions(options: ListSessionsOptions): Promise<SessionPage> {
    const ctx = this.context("listSessions", appSubject(options?.appName));
    return this.storage.listSessions(normalizeListSessionsOptions(options, ctx), ctx);
  }

  async deleteSession(key: SessionKey): Promise<boolean> {
    const ctx = this.context("deleteSession", () => describeKey(key));
    assertSessionKey(key, ctx);
    return this.storage.deleteSession(key, ctx);
  }

  async getUserState(scope: UserScope): Promise<JsonObject> {
    const ctx = this.context("getUserState", () => describeKey(scope as SessionKey));
    assertUserScope(scope, ctx);
    return this.storage.getUserState(scope, ctx);
  }

  async getAppState(scope: AppScope): Promise<JsonObject> {
    const ctx = this.context("getAppState", appSubject(scope?.appName));
    assertAppScope(scope, ctx);
    return this.storage.getAppState(scope, ctx);
  }

  async expireSession(key: SessionKey): Promise<boolean> {
    const ctx = this.context("expireSession", () => describeKey(key));
    assertSessionKey(key, ctx);
    return this.storage.expireSession(key, ctx);
  }

  async expireIdleSessions(options: ExpireIdleOptions): Promise<number> {
    const ctx = this.context("expireIdleSessions");
    return this.storage.expireIdleSessions(normalizeExpireIdleOptions(options, ctx), ctx);
  }

  async searchEvents(options: SearchOptions): Promise<SearchHit[]> {
    const ctx = this.context("searchEvents", appSubject(options?.appName));
    return this.storage.searchEvents(normalizeSearchOptions(options, ctx), ctx);
  }

  async readSnapshot(key: SessionKey): Promise<SessionSnapshot | null> {
    const ctx = this.context("readSnapshot", () => describeKey(key));
    assertSessionKey(key, ctx);
    return this.storage.readSnapshot(key, ctx);
  }

  async writeSnapshot(
    snapshot: SessionSnapshot,
    options: WriteSnapshotOptions,
  ): Promise<WriteSnapshotResult> {
    const ctx = this.context("writeSnapshot", () =>
      describeKey({
        appName: snapshot?.appName,
        userId: snapshot?.userId,
        sessionId: snapshot?.id,
      }),
    );
    assertSnapshot(snapshot, ctx);
    const mode = normalizeWriteSnapshotMode(options, ctx);
    return this.storage.writeSnapshot(snapshot, mode, ctx);
  }

  async scanSessions(options?: ScanSessionsOptions): Promise<SessionKey[]> {
    const ctx = this.context("scanSessions");
    return this.storage.scanSessions(normalizeScanSessions(options, ctx), ctx);
  }

  async listStateScopes(): Promise<StateScope[]> {
    return this.storage.listStateScopes(this.context("listStateScopes"));
  }

  async writeScopedState(scope: StateScope, state: JsonObject): Promise<void> {
    const ctx = this.context("writeScopedState", () => describeKey(scope as SessionKey));
    const clean = normalizeScopedStateWrite(scope, state, this.limits, ctx);
    return this.storage.writeScopedState(scope, clean, ctx);
  }

  async getMeta(name: string): Promise<JsonValue | null> {
    const ctx = this.context("getMeta", () => JSON.stringify(name));
    assertMetaName(name, "name", ctx);
    return this.storage.getMeta(name, ctx);
  }

  async setMeta(name: string, value: JsonValue | null): Promise<void> {
    const ctx = this.context("setMeta", () => JSON.stringify(name));
    assertMetaName(name, "name", ctx);
    if (value !== null) assertJsonValue(value, "value", ctx);
    return this.storage.setMeta(name, value, ctx);
  }

  async listMeta(
    prefix: string,
    options?: { limit?: number; after?: string },
  ): Promise<MetaEntry[]> {
    const ctx = this.context("listMeta", () => JSON.stringify(prefix));
    return this.storage.listMeta(normalizeListMeta(prefix, options, ctx), ctx);
  }
}

/** The subject of an app-wide operation, rendered only when an error needs it. */
function appSubject(appName: unknown): (() => string) | undefined {
  return appName === undefined ? undefined : () => `app ${JSON.stringify(appName)}`;
}

const first = (events: SessionEvent[]): SessionEvent => events[0] as SessionEvent;

/** The one stored event of a single append, without a promise when the storage answered now. */
function firstOf(events: MaybePromise<SessionEvent[]>): MaybePromise<SessionEvent> {
  return events instanceof Promise ? events.then(first) : first(events);
}

class StorageFrontDoor extends SessionFrontDoor {
  constructor(
    protected readonly storage: SessionStorage,
    adapter: string,
    limits: Limits,
    private readonly usable: ((operation: string) => void) | undefined,
  ) {
    super(adapter, limits);
  }

  protected override assertUsable(operation: string): void {
    this.usable?.(operation);
  }
}

/** Settings of {@link createFrontDoor}. */
export interface FrontDoorSettings {
  /** The adapter name errors carry. */
  adapter: string;
  /** The size limits inputs are checked against. */
  limits: Limits;
  /** Called first by every operation: throw CLOSED when the store can no longer be used. */
  assertUsable?: (operation: string) => void;
}

/**
 * Wraps a storage in the validating front door: the whole {@link SessionOperations} contract
 * over an adapter that implements {@link SessionStorage} only.
 */
export function createFrontDoor(
  storage: SessionStorage,
  settings: FrontDoorSettings,
): SessionOperations {
  return new StorageFrontDoor(storage, settings.adapter, settings.limits, settings.assertUsable);
}
