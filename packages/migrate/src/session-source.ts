import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type {
  JsonObject,
  MetaEntry,
  SessionKey,
  SessionOperations,
  SessionRepository,
  SessionSnapshot,
  StateScope,
} from "@sessionkit/core";
import { compareKeys } from "@sessionkit/core/adapter-kit";
import { migrateError } from "./errors.js";
import { keyOf } from "./keys.js";
import { isReservedMetaName } from "./meta-names.js";

/** App or user state held by a source. */
export interface ScopedState {
  scope: StateScope;
  state: JsonObject;
}

/**
 * Decides about a session the source cannot read: true skips it (the stream goes on), false
 * ends the stream with `error`.
 */
export type UnreadableHandler = (key: SessionKey, error: unknown) => boolean;

/** Options of `SessionSource.sessions`. */
export interface SessionsOptions {
  /** Start strictly after this key. */
  after?: SessionKey;
  /** Called for a session that cannot be read; see {@link UnreadableHandler}. */
  onUnreadable?: UnreadableHandler;
}

/**
 * Where sessions are migrated from. The built-in legacy layout is wrapped by
 * `repositorySource`; a user module can provide any other origin (see `loadSourceModule`).
 *
 * Rules: `sessions()` yields whole sessions in the contract's shape (`SessionSnapshot`) in
 * ascending (appName, userId, sessionId) code-unit order (core's `compareKeys`), starting
 * strictly after `after` when given. Out-of-order keys are rejected, because resumption and
 * verification rely on the order.
 */
export interface SessionSource {
  /** Shown in reports, e.g. "json:/srv/sessions". */
  readonly name: string;
  /**
   * Every session, whole, in ascending key order, strictly after `options.after` when given
   * (the resume point of an interrupted backfill). Required. A source that reads sessions one by
   * one may call `options.onUnreadable` for a session it cannot read (e.g. a damaged file) and
   * skip it when that returns true; otherwise (or without it) the read error ends the stream.
   */
  sessions(options?: SessionsOptions): AsyncIterable<SessionSnapshot>;
  /** One session, for re-checks; optional. */
  read?(key: SessionKey): Promise<SessionSnapshot | null>;
  /** Keys only, ascending, strictly after `after`; a cheap existence re-check. Optional. */
  keys?(options: { after?: SessionKey; limit: number }): Promise<SessionKey[]>;
  /** App and user state; optional. */
  scopes?(): AsyncIterable<ScopedState>;
  /** The current state of one scope, for re-checks; optional. */
  readScope?(scope: StateScope): Promise<JsonObject>;
  /** Meta entries to carry over (never the migrator's reserved names); optional. */
  meta?(): AsyncIterable<MetaEntry>;
  /** Totals for progress bars; optional. */
  count?(): Promise<{ sessions: number; events?: number }>;
  /** Releases what the source holds (files, connections) when its user is done. Optional. */
  close?(): Promise<void>;
}

/**
 * Reads issued ahead of the consumer, so asynchronous I/O (a remote source, large files)
 * overlaps with the consumer's work. Kept small: every session in the window is held parsed,
 * and sessions held across garbage collections are promoted and copied (a window of 64 cost a
 * 1M-event backfill ~1.5 s of GC; 8 costs ~0.5 s).
 */
const READ_AHEAD = 8;

/**
 * Streams every session of a repository in key order (bounded memory, sliding read-ahead). A
 * session whose read fails is skipped when `onUnreadable` returns true for it.
 */
export async function* scanSnapshots(
  repo: SessionOperations,
  after?: SessionKey,
  readAhead = READ_AHEAD,
  onUnreadable?: UnreadableHandler,
): AsyncIterable<SessionSnapshot> {
  let cursor = after;
  let exhausted = false;
  let keys: SessionKey[] = [];
  const window: Array<{ key: SessionKey; read: Promise<SessionSnapshot | null> }> = [];
  const fill = async () => {
    while (window.length < readAhead) {
      if (keys.length === 0) {
        if (exhausted) return;
        keys = await repo.scanSessions({ limit: 500, ...(cursor ? { after: cursor } : {}) });
        if (keys.length < 500) exhausted = true;
        if (keys.length === 0) return;
        cursor = keys[keys.length - 1];
      }
      const key = keys.shift() as SessionKey;
      const read = repo.readSnapshot(key);
      read.catch(() => {}); // handled when it reaches the front of the window
      window.push({ key, read });
    }
  };
  await fill();
  while (window.length > 0) {
    const next = window.shift() as { key: SessionKey; read: Promise<SessionSnapshot | null> };
    let snap: SessionSnapshot | null;
    try {
      snap = await next.read;
    } catch (error) {
      if (!onUnreadable?.(next.key, error)) throw error;
      snap = null;
    }
    await fill();
    if (snap) yield snap;
  }
}

/** The state of one app or user scope. */
export function readScopeState(repo: SessionOperations, scope: StateScope): Promise<JsonObject> {
  return scope.userId === undefined
    ? repo.getAppState({ appName: scope.appName })
    : repo.getUserState({ appName: scope.appName, userId: scope.userId });
}

/** Every app and user scope of a repository with its state. */
export async function* scanScopes(repo: SessionOperations): AsyncIterable<ScopedState> {
  for (const scope of await repo.listStateScopes()) {
    yield { scope, state: await readScopeState(repo, scope) };
  }
}

/** A repository (e.g. the JSON-file store) as a source. */
export function repositorySource(repo: SessionRepository, name: string): SessionSource {
  return {
    name,
    sessions: (options) => scanSnapshots(repo, options?.after, READ_AHEAD, options?.onUnreadable),
    read: (key) => repo.readSnapshot(key),
    keys: (options) =>
      repo.scanSessions({
        limit: options.limit,
        ...(options.after ? { after: options.after } : {}),
      }),
    scopes: () => scanScopes(repo),
    readScope: (scope) => readScopeState(repo, scope),
    async *meta() {
      let after: string | undefined;
      for (;;) {
        const page = await repo.listMeta("", { limit: 500, ...(after ? { after } : {}) });
        for (const e of page) if (!isReservedMetaName(e.name)) yield e;
        if (page.length < 500) return;
        after = page[page.length - 1]?.name;
      }
    },
    async count() {
      let sessions = 0;
      let after: SessionKey | undefined;
      for (;;) {
        const keys = await repo.scanSessions({ limit: 10_000, ...(after ? { after } : {}) });
        sessions += keys.length;
        if (keys.length < 10_000) return { sessions };
        after = keys[keys.length - 1];
      }
    },
    close: () => repo.close(),
  };
}

/**
 * Wraps a source's stream so an out-of-order or duplicate key fails loudly; `onUnreadable` is
 * passed to the source (see {@link SessionsOptions}).
 */
export async function* orderedSessions(
  source: SessionSource,
  after?: SessionKey,
  onUnreadable?: UnreadableHandler,
): AsyncIterable<SessionSnapshot> {
  let previous: SessionKey | undefined = after;
  const options = { ...(after ? { after } : {}), ...(onUnreadable ? { onUnreadable } : {}) };
  for await (const snap of source.sessions(Object.keys(options).length > 0 ? options : undefined)) {
    const key = keyOf(snap);
    if (after && compareKeys(key, after) <= 0) continue; // a source that ignores `after`
    if (previous && compareKeys(key, previous) <= 0) {
      throw migrateError(
        "INVALID_ARGUMENT",
        "sessions",
        `source ${source.name} yielded ${JSON.stringify(key)} after ${JSON.stringify(previous)}`,
        "yield sessions in ascending (appName, userId, sessionId) order (compareKeys from @sessionkit/core), each once",
      );
    }
    previous = key;
    yield snap;
  }
}

/**
 * Loads a user source module. It must export `sessions(options?: { after?: SessionKey })`
 * returning an async iterable of `SessionSnapshot` in ascending key order, and may export
 * `scopes()`, `read(key)`, `count()` and `close()` (see apps/migrator/examples/source-module.mjs).
 * A default export with the same members also works.
 */
export async function loadSourceModule(path: string): Promise<SessionSource> {
  const abs = isAbsolute(path) ? path : resolve(path);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (cause) {
    throw migrateError(
      "INVALID_ARGUMENT",
      "loadSourceModule",
      `could not import ${abs}`,
      "check the path and that the module is valid ESM",
      { cause, subject: abs },
    );
  }
  const api = (
    typeof mod.sessions === "function" ? mod : (mod.default ?? {})
  ) as Partial<SessionSource>;
  if (typeof api.sessions !== "function") {
    throw migrateError(
      "INVALID_ARGUMENT",
      "loadSourceModule",
      `${abs} exports no sessions() function`,
      "export `async function* sessions({ after })` yielding SessionSnapshot objects in key order",
      { subject: abs },
    );
  }
  const bind = <K extends keyof SessionSource>(k: K) =>
    typeof api[k] === "function" ? (api[k] as (...a: unknown[]) => unknown).bind(api) : undefined;
  return {
    name: `module:${abs}`,
    sessions: bind("sessions") as SessionSource["sessions"],
    read: bind("read") as SessionSource["read"],
    keys: bind("keys") as SessionSource["keys"],
    readScope: bind("readScope") as SessionSource["readScope"],
    scopes: bind("scopes") as SessionSource["scopes"],
    meta: bind("meta") as SessionSource["meta"],
    count: bind("count") as SessionSource["count"],
    close: bind("close") as SessionSource["close"],
  };
}
