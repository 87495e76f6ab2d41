import type { ErrorContext, Session, SessionEvent, SessionSnapshot } from "@sessionkit/core";
import {
  listMetaEntries,
  metaValue,
  type SessionStorage,
  selectSessionEvents,
  sessionAlreadyExists,
  sessionNotFound,
} from "@sessionkit/core/adapter-kit";
import { listApps } from "./directory-walk.js";
import { appendToSession } from "./event-appends.js";
import type { FileStore } from "./file-store.js";
import { type SessionHeader, snapshotRecord } from "./format.js";
import { readStateFile } from "./read-files.js";
import { SessionQueries } from "./session-queries.js";
import { keyOf, sessionView } from "./session-view.js";
import { expiredRecord, stageDeletion, stageNewSession } from "./session-writes.js";
import type { WorkUnit } from "./work-unit.js";

/** Runs `fn` on a unit of work: a fresh one per call, or the open transaction's. */
export type UnitRunner = <T>(write: boolean, fn: (unit: WorkUnit) => Promise<T>) => Promise<T>;

/**
 * The storage side of the JSON-file store, behind the core front door (which validated every
 * input), with the reference semantics of MemoryRepository. Single-session operations run in a
 * WorkUnit (locks, staged writes, ordered commit): this class picks the unit (a write or a
 * read) and copies what a transaction returns; session writes and appends stage their changes
 * in it. Listings, scans and search walk the directory tree ({@link SessionQueries}).
 *
 * Each operation is a property typed by the kit's {@link SessionStorage} signature.
 */
export class JsonStorage implements SessionStorage {
  private readonly queries: SessionQueries;

  constructor(
    private readonly store: FileStore,
    private readonly now: () => number,
    private readonly run: UnitRunner,
    /** The open transaction's unit, whose staged sessions listings must see. */
    private readonly overlay?: WorkUnit,
  ) {
    this.queries = new SessionQueries(store, overlay);
  }

  /** A transaction's unit keeps what it returns: the caller gets a copy. */
  private out<T>(value: T): T {
    return this.overlay ? structuredClone(value) : value;
  }

  /** A session with app and user state merged, read without locks unless the unit holds them. */
  private async view(
    unit: WorkUnit,
    rec: SessionHeader,
    events: SessionEvent[] | undefined,
    ctx: ErrorContext,
  ): Promise<Session> {
    const layout = this.store.layout;
    const app =
      unit.peekAppState(rec.appName) ??
      (await readStateFile(layout.appStateFile(rec.appName), ctx));
    const user =
      unit.peekUserState(rec.appName, rec.userId) ??
      (await readStateFile(layout.userStateFile(rec.appName, rec.userId), ctx));
    return this.out(sessionView(rec, app, user, events));
  }

  readonly createSession: SessionStorage["createSession"] = (input, ctx) =>
    this.run(true, async (unit) => {
      const rec = await stageNewSession(unit, input, this.now, ctx);
      return this.view(unit, rec, [], ctx);
    });

  /** One write unit: the session's lock is held from the lookup to the commit of a new one. */
  readonly getOrCreateSession: SessionStorage["getOrCreateSession"] = (input, ctx) =>
    this.run(true, async (unit) => {
      const current = await unit.session(input.key, ctx);
      if (current?.status === "expired") throw sessionAlreadyExists(ctx);
      if (current) {
        const events = selectSessionEvents(current.events, input.get);
        return { session: await this.view(unit, current, events, ctx), created: false };
      }
      const rec = await stageNewSession(unit, input, this.now, ctx);
      return { session: await this.view(unit, rec, [], ctx), created: true };
    });

  readonly getSession: SessionStorage["getSession"] = (key, o, ctx) =>
    this.run(false, async (unit) => {
      const rec = await unit.session(key, ctx);
      if (!rec || (rec.status === "expired" && !o.includeExpired)) return null;
      return this.view(unit, rec, selectSessionEvents(rec.events, o), ctx);
    });

  /** A batch of partial events only writes nothing: it runs in a read unit, without locks. */
  readonly appendEvents: SessionStorage["appendEvents"] = (key, events, expectedRevision, ctx) =>
    this.run(
      events.some((e) => !e.partial),
      (unit) => appendToSession(unit, key, events, expectedRevision, this.now, ctx),
    );

  readonly listEvents: SessionStorage["listEvents"] = (key, o, ctx) =>
    this.run(false, async (unit) => {
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

  readonly listSessions: SessionStorage["listSessions"] = (o, ctx) =>
    this.queries.listSessions(o, ctx);

  readonly deleteSession: SessionStorage["deleteSession"] = (key, ctx) =>
    this.run(true, async (unit) => {
      if (!(await unit.session(key, ctx))) return false;
      stageDeletion(unit, key, ctx);
      return true;
    });

  readonly getUserState: SessionStorage["getUserState"] = (scope, ctx) =>
    this.run(false, async (unit) =>
      this.out(await unit.userState(scope.appName, scope.userId, ctx)),
    );

  readonly getAppState: SessionStorage["getAppState"] = (scope, ctx) =>
    this.run(false, async (unit) => this.out(await unit.appState(scope.appName, ctx)));

  readonly expireSession: SessionStorage["expireSession"] = (key, ctx) =>
    this.run(true, async (unit) => {
      const rec = await unit.session(key, ctx);
      if (!rec) throw sessionNotFound(ctx);
      if (rec.status === "expired") return false;
      unit.stageSession(key, expiredRecord(rec, this.now()), ctx);
      return true;
    });

  /** One unit per idle session: a long sweep never holds more than one session's lock. */
  readonly expireIdleSessions: SessionStorage["expireIdleSessions"] = async (
    { idleSince, appName },
    ctx,
  ) => {
    const apps =
      appName !== undefined ? [appName] : (await listApps(this.store.layout, ctx)).map((a) => a.id);
    let count = 0;
    for (const app of apps) {
      const idle = (await this.queries.headers(app, undefined, ctx)).filter(
        (h) => h.status === "active" && h.updatedAt < idleSince,
      );
      for (const h of idle) {
        const key = keyOf(h);
        const expired = await this.run(true, async (unit) => {
          const rec = await unit.session(key, ctx);
          if (rec?.status !== "active" || rec.updatedAt >= idleSince) return false;
          unit.stageSession(key, expiredRecord(rec, this.now()), ctx);
          return true;
        });
        if (expired) count++;
      }
    }
    return count;
  };

  readonly searchEvents: SessionStorage["searchEvents"] = (o, ctx) =>
    this.queries.searchEvents(o, ctx);

  readonly readSnapshot: SessionStorage["readSnapshot"] = (key, ctx) =>
    this.run(false, async (unit) => this.out(await unit.session(key, ctx)));

  readonly writeSnapshot: SessionStorage["writeSnapshot"] = (snapshot, mode, ctx) => {
    // A copy in file order: the caller may change its object after the call.
    const rec = snapshotRecord(JSON.parse(JSON.stringify(snapshot)) as SessionSnapshot);
    const key = keyOf(rec);
    return this.run(true, async (unit) => {
      const current = await unit.session(key, ctx);
      if (current && mode === "if-newer" && current.revision >= rec.revision) return "skipped";
      unit.stageSession(key, rec, ctx);
      return "written";
    });
  };

  readonly scanSessions: SessionStorage["scanSessions"] = (input, ctx) =>
    this.queries.scanSessions(input, ctx);

  readonly listStateScopes: SessionStorage["listStateScopes"] = (ctx) =>
    this.queries.listStateScopes(ctx);

  readonly writeScopedState: SessionStorage["writeScopedState"] = (scope, state, ctx) =>
    this.run(true, async (unit) => {
      if (scope.userId === undefined) {
        await unit.appState(scope.appName, ctx);
        unit.stageAppState(scope.appName, state);
      } else {
        await unit.userState(scope.appName, scope.userId, ctx);
        unit.stageUserState(scope.appName, scope.userId, state);
      }
    });

  readonly getMeta: SessionStorage["getMeta"] = (name, ctx) =>
    this.run(false, async (unit) => metaValue(await unit.metaEntries(ctx), name));

  readonly setMeta: SessionStorage["setMeta"] = (name, value, ctx) =>
    this.run(true, async (unit) => {
      const meta = new Map(await unit.metaEntries(ctx));
      if (value === null) {
        // Deleting what is not there writes nothing.
        if (!meta.delete(name)) return;
      } else meta.set(name, JSON.stringify(value));
      unit.stageMeta(meta);
    });

  readonly listMeta: SessionStorage["listMeta"] = (input, ctx) =>
    this.run(false, async (unit) => listMetaEntries(await unit.metaEntries(ctx), input));
}
