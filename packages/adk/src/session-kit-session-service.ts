import {
  type AppendEventRequest,
  BaseSessionService,
  type CreateSessionRequest,
  createSession as createAdkSession,
  type DeleteSessionRequest,
  type Event,
  type GetSessionRequest,
  type ListSessionsRequest,
  type ListSessionsResponse,
  type Session,
} from "@google/adk";
import type {
  JsonObject,
  SessionEvent,
  SessionKey,
  SessionRepository,
  Session as StoredSession,
} from "@sessionkit/core";
import { generateId, isSessionKitError } from "@sessionkit/core";
import { adkTimestamp, toAdkEvent, toJson, toNewEvent } from "./event-codec.js";
import { assertCount, invalidOption } from "./invalid-option.js";
import { listAdkSessions } from "./list-adk-sessions.js";
import { replaceEvent, staleSessionError } from "./replace-event.js";
import { SessionTracker, type TrackedRead } from "./session-tracker.js";

/**
 * What `appendEvent` does when the `Session` object it is given is stale (the stored session
 * was written by someone else since this object was read):
 * - `"merge"` (default): append anyway — the store assigns the next seq, so nothing is lost or
 *   reordered — then bring the object up to date: the events it missed are inserted before the
 *   appended one and its state is replaced by the stored state.
 * - `"error"`: throw a `STALE` SessionKitError (ADK-Python's behaviour) and store nothing.
 */
export type StaleSessionPolicy = "merge" | "error";

/** Options of {@link SessionKitSessionService}. */
export interface SessionKitSessionServiceOptions {
  /**
   * The number of most recent events `getSession` returns when its config has no
   * `numRecentEvents` — which is how ADK's Runner calls it every turn. Default: every event.
   * State is always the latest.
   */
  maxHistoryEvents?: number;
  /** See {@link StaleSessionPolicy}. Default `"merge"`. */
  onStaleSession?: StaleSessionPolicy;
  /** Whether `close()` closes the repository too. Default false (true from `sessionServiceFromUrl`). */
  closeRepository?: boolean;
}

const EVENT_PAGE = 1000;

function keyOf(s: {
  appName: string;
  userId: string;
  id?: string;
  sessionId?: string;
}): SessionKey {
  return { appName: s.appName, userId: s.userId, sessionId: (s.sessionId ?? s.id) as string };
}

/**
 * A Google ADK session service over any sessionkit `SessionRepository` (memory, SQLite,
 * libSQL, JSON files …): pass it to a `Runner` as `sessionService`.
 *
 * An ADK event is stored whole as one sessionkit event (see the README for the exact mapping),
 * so it reads back field for field. Events are returned in the store's `seq` order — the order
 * in which they were appended — never re-sorted by timestamp. State keys keep ADK's prefixes:
 * `app:` and `user:` keys are sessionkit's app and user scopes, other keys the session's,
 * `temp:` keys are never stored. Every write is one transaction of the repository.
 */
export class SessionKitSessionService extends BaseSessionService {
  /** The repository the sessions live in. */
  readonly repository: SessionRepository;
  private readonly maxHistoryEvents: number | undefined;
  private readonly onStaleSession: StaleSessionPolicy;
  private readonly closeRepository: boolean;
  private readonly tracker = new SessionTracker();

  /**
   * @param repository any sessionkit repository; the service does not own it unless
   *   `options.closeRepository` is set.
   * @throws INVALID_ARGUMENT for a `maxHistoryEvents` that is not a positive integer, or an
   *   unknown `onStaleSession`.
   */
  constructor(repository: SessionRepository, options: SessionKitSessionServiceOptions = {}) {
    super();
    const { maxHistoryEvents, onStaleSession = "merge" } = options;
    assertCount(
      maxHistoryEvents,
      1,
      "SessionKitSessionService",
      "maxHistoryEvents",
      "omit it to return every event, or pass how many recent events a turn needs",
    );
    if (onStaleSession !== "merge" && onStaleSession !== "error") {
      throw invalidOption(
        "SessionKitSessionService",
        "onStaleSession",
        `onStaleSession must be "merge" or "error", got ${JSON.stringify(onStaleSession)}`,
      );
    }
    this.repository = repository;
    this.maxHistoryEvents = maxHistoryEvents;
    this.onStaleSession = onStaleSession;
    this.closeRepository = options.closeRepository ?? false;
  }

  /**
   * Creates a session; a generated id when `sessionId` is absent. `app:`/`user:` keys of `state`
   * go to their scopes, `temp:` keys are dropped. Returns it with the merged state, no events.
   * @throws ALREADY_EXISTS when the id is taken (ADK's services throw a plain Error there).
   */
  async createSession(request: CreateSessionRequest): Promise<Session> {
    const state = toJson(request.state ?? {}, "createSession", "the initial state") as JsonObject;
    const stored = await this.repository.createSession(
      {
        appName: request.appName,
        userId: request.userId,
        ...(request.sessionId ? { sessionId: request.sessionId } : {}),
      },
      { state },
    );
    return this.handOut(stored, [], stored.updatedAt);
  }

  /**
   * Reads a session with the merged (latest) state and its events in append (`seq`) order.
   * `config.numRecentEvents` (or, when absent or 0, `maxHistoryEvents`) keeps the most recent
   * events; `config.afterTimestamp` keeps events with a timestamp strictly greater.
   * `lastUpdateTime` is the timestamp of the session's last event (creation time when none).
   * @returns undefined when the session does not exist (or has expired).
   */
  async getSession(request: GetSessionRequest): Promise<Session | undefined> {
    const key = keyOf(request);
    const recent = request.config?.numRecentEvents || this.maxHistoryEvents;
    const after = request.config?.afterTimestamp;
    if (!after) {
      const stored = await this.repository.getSession(key, recent ? { recentEvents: recent } : {});
      return stored ? this.handOut(stored, stored.events ?? []) : undefined;
    }
    // sessionkit's filter is inclusive on whole milliseconds: read a superset, keep `> after`.
    const since = { afterTimestamp: Math.max(0, Math.floor(after)) };
    let stored = await this.repository.getSession(
      key,
      recent ? { ...since, recentEvents: recent } : since,
    );
    if (!stored) return undefined;
    let events = (stored.events ?? []).filter((e) => adkTimestamp(e) > after);
    if (recent && events.length < (stored.events ?? []).length) {
      // Some of the last `recent` fell at or before `after`: read them all and cut again.
      stored = await this.repository.getSession(key, since);
      if (!stored) return undefined;
      events = (stored.events ?? []).filter((e) => adkTimestamp(e) > after).slice(-recent);
    }
    return this.handOut(stored, events);
  }

  /**
   * The stored session (as `getSession` without config returns it), or a new one — atomically:
   * of concurrent callers for one id exactly one creates it. Without `sessionId`, creates one.
   * @throws ALREADY_EXISTS when the id belongs to an expired session.
   */
  override async getOrCreateSession(request: CreateSessionRequest): Promise<Session> {
    if (!request.sessionId) return this.createSession(request);
    const state = toJson(request.state ?? {}, "getOrCreateSession", "the initial state");
    const { session } = await this.repository.getOrCreateSession(keyOf(request), {
      state: state as JsonObject,
      ...(this.maxHistoryEvents ? { recentEvents: this.maxHistoryEvents } : {}),
    });
    return this.handOut(session, session.events ?? []);
  }

  /**
   * Lists the app's (or one user's) sessions with their merged state and no events, ordered by
   * last update (`order`, newest first when omitted; ties by id ascending), paged by
   * `limit` with `page` (1-based, wins) or `offset`. No event is read.
   * @throws INVALID_ARGUMENT for a negative limit or offset, or a page below 1.
   */
  async listSessions(request: ListSessionsRequest): Promise<ListSessionsResponse> {
    return listAdkSessions(this.repository, request, (stored) => {
      const session = createAdkSession({
        id: stored.id,
        appName: stored.appName,
        userId: stored.userId,
        state: { ...stored.state },
        events: [],
        lastUpdateTime: stored.updatedAt,
      });
      // Tracked like any other: an append through it is checked from this read on.
      this.tracker.track(session, { revision: stored.revision, lastSeq: stored.lastSeq });
      return session;
    });
  }

  /** Deletes a session with its events and session state; app and user state stay. No-op when missing. */
  async deleteSession(request: DeleteSessionRequest): Promise<void> {
    await this.repository.deleteSession(keyOf(request));
  }

  /**
   * Stores the event and applies its state delta in one transaction, then updates `session`
   * as ADK does (event upserted into `session.events`, delta applied to `session.state`,
   * `lastUpdateTime` set to the event's timestamp). Partial events are returned unstored.
   * Re-appending an event id: identical → nothing changes; different → replaced in place.
   * A stale `session` is handled by `onStaleSession`.
   * @throws STALE (policy "error") when `session` is stale; NOT_FOUND when it does not exist.
   */
  override async appendEvent({ session, event }: AppendEventRequest): Promise<Event> {
    if (event.partial) return event;
    // ADK: "Do not assign the ID. It will be assigned by the session." Same for a missing time.
    if (!event.id) event.id = generateId();
    if (!Number.isFinite(event.timestamp)) event.timestamp = Date.now();
    const key = keyOf(session);
    const held = this.tracker.get(session);
    const checked = this.onStaleSession === "error" && held !== undefined;
    const options = checked ? { expectedRevision: held.revision } : {};
    const newEvent = toNewEvent(event, "appendEvent");
    let stored: SessionEvent;
    let revision: number | undefined;
    try {
      stored = await this.repository.appendEvent(key, newEvent, options);
    } catch (error) {
      if (checked && isSessionKitError(error, "STALE")) {
        throw staleSessionError(key, "appendEvent", held.revision, error);
      }
      if (!isSessionKitError(error, "CONFLICT")) throw error;
      ({ event: stored, revision } = await replaceEvent(
        this.repository,
        key,
        { ...newEvent, id: event.id },
        checked ? held.revision : undefined,
      ));
    }
    await super.appendEvent({ session, event });
    session.lastUpdateTime = event.timestamp;
    await this.catchUp(session, key, held, stored, revision);
    return event;
  }

  /** Closes the repository when the service owns it (`closeRepository`); idempotent. */
  async close(): Promise<void> {
    if (this.closeRepository) await this.repository.close();
  }

  /** Builds the ADK session for a stored one and remembers what it reflects. */
  private async handOut(
    stored: StoredSession,
    events: SessionEvent[],
    lastUpdateTime?: number,
  ): Promise<Session> {
    const session = createAdkSession({
      id: stored.id,
      appName: stored.appName,
      userId: stored.userId,
      state: { ...stored.state },
      events: events.map(toAdkEvent),
      lastUpdateTime: lastUpdateTime ?? (await this.lastEventTime(stored, events)),
    });
    this.tracker.track(session, { revision: stored.revision, lastSeq: stored.lastSeq });
    return session;
  }

  /** ADK's lastUpdateTime: the timestamp of the last event, read only when not at hand. */
  private async lastEventTime(stored: StoredSession, events: SessionEvent[]): Promise<number> {
    if (stored.lastSeq === 0) return stored.updatedAt;
    const last = events[events.length - 1];
    if (last && last.seq === stored.lastSeq) return adkTimestamp(last);
    const page = await this.repository.listEvents(keyOf(stored), { order: "desc", limit: 1 });
    const newest = page.events[0];
    return newest ? adkTimestamp(newest) : stored.updatedAt;
  }

  /**
   * After an append: records what `session` now reflects and, when the store had events the
   * object had not seen (a seq gap — exact, whatever the timestamps), inserts them before the
   * appended event and replaces the object's state with the stored state.
   */
  private async catchUp(
    session: Session,
    key: SessionKey,
    held: TrackedRead | undefined,
    stored: SessionEvent,
    replacedRevision: number | undefined,
  ): Promise<void> {
    if (held === undefined || stored.seq > held.lastSeq + 1) {
      const fromSeq = held?.lastSeq ?? stored.seq - 1;
      if (stored.seq > fromSeq + 1) await this.insertMissed(session, key, fromSeq, stored);
      const fresh = await this.repository.getSession(key, { recentEvents: 0 });
      if (fresh) replaceState(session.state, fresh.state);
      this.tracker.track(session, {
        revision: fresh?.revision ?? 0,
        lastSeq: Math.max(stored.seq, held?.lastSeq ?? 0),
      });
      return;
    }
    if (replacedRevision !== undefined) {
      this.tracker.track(session, { revision: replacedRevision, lastSeq: held.lastSeq });
    } else if (stored.seq === held.lastSeq + 1) {
      this.tracker.track(session, { revision: held.revision + 1, lastSeq: stored.seq });
    }
  }

  /** Inserts the stored events with seq in (fromSeq, appended.seq) before the appended one. */
  private async insertMissed(
    session: Session,
    key: SessionKey,
    fromSeq: number,
    appended: SessionEvent,
  ): Promise<void> {
    const missed: Event[] = [];
    let afterSeq: number | null = fromSeq;
    while (afterSeq !== null) {
      const page = await this.repository.listEvents(key, {
        afterSeq,
        beforeSeq: appended.seq,
        limit: EVENT_PAGE,
      });
      missed.push(...page.events.map(toAdkEvent));
      afterSeq = page.nextSeq;
    }
    const known = new Set(session.events.map((e) => e.id));
    const fresh = missed.filter((e) => !known.has(e.id));
    const at = session.events.findIndex((e) => e.id === appended.id);
    session.events.splice(at < 0 ? session.events.length : at, 0, ...fresh);
  }
}

/** Makes `target` equal `source`, in place (the Runner's contexts hold the object). */
function replaceState(target: Record<string, unknown>, source: JsonObject): void {
  for (const k of Object.keys(target)) if (!Object.hasOwn(source, k)) delete target[k];
  for (const [k, v] of Object.entries(source)) target[k] = v;
}
