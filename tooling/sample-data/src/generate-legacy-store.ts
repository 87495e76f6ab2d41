import { mkdir, readdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { JsonObject, JsonValue, SessionEvent, SessionSnapshot } from "@sessionkit/core";
import { applyEntries } from "@sessionkit/core/adapter-kit";
import {
  encodeIdSegment,
  ID_FILE,
  isHashedSegment,
  MARKER_TEXT,
  StoreLayout,
  serializeIdFile,
  serializeSessionFile,
  serializeStateFile,
} from "@sessionkit/json-file-store/format";
import { Random } from "./random.js";
import {
  CHANNELS,
  ENGLISH,
  HOSTILE_SESSION_IDS,
  HOSTILE_USER_IDS,
  LOCALES,
  MULTILINGUAL,
  TOOLS,
  TOPICS,
} from "./vocabulary.js";

/** Options of {@link generateLegacyStore}. */
export interface GenerateLegacyStoreOptions {
  /** Directory to create the store in; must not exist or be empty. */
  dir: string;
  sessions: number;
  /** Events in every session (exactly). */
  eventsPerSession: number;
  users: number;
  /** Same seed, same options → byte-identical files. */
  seed: string | number;
  /** Number of apps (default 1). */
  apps?: number;
  /** Share of sessions that are expired, 0..1 (default 0.1). */
  expiredRatio?: number;
  /** Include hostile and Unicode-heavy ids (default true). */
  hostileIds?: boolean;
  /** Called every 500 sessions with the number written so far. */
  onProgress?: (written: number, total: number) => void;
}

/** What was generated. */
export interface GenerateLegacyStoreResult {
  root: string;
  apps: number;
  users: number;
  sessions: number;
  expiredSessions: number;
  events: number;
  bytes: number;
}

// 2025-01-01T00:00:00Z: every timestamp is this plus seeded offsets; nothing reads the clock.
const EPOCH = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;

function assertCount(name: string, value: unknown, min: number): asserts value is number {
  if (!Number.isSafeInteger(value) || (value as number) < min) {
    throw new TypeError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}

class ContentFactory {
  constructor(private readonly rng: Random) {}

  words(n: number, multilingual: boolean): string {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      out.push(
        multilingual && this.rng.chance(0.4) ? this.rng.pick(MULTILINGUAL) : this.rng.pick(ENGLISH),
      );
    }
    const text = out.join(" ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /** Message length in words: mostly short, some long, a few very long (a few KB). */
  length(): number {
    const r = this.rng.next();
    if (r < 0.8) return this.rng.int(3, 25);
    if (r < 0.98) return this.rng.int(25, 90);
    return this.rng.int(90, 500);
  }
}

interface Scopes {
  app: Map<string, JsonObject>;
  user: Map<string, JsonObject>;
}

function buildSession(
  rng: Random,
  f: ContentFactory,
  key: { appName: string; userId: string; sessionId: string },
  eventsPerSession: number,
  expired: boolean,
  scopes: Scopes,
): SessionSnapshot {
  const multilingual = rng.chance(0.15);
  const topic = rng.pick(TOPICS);
  const createdAt = EPOCH + rng.int(0, 180 * DAY);
  let t = createdAt;
  let state: JsonObject = { topic, turns: 0 };
  const events: SessionEvent[] = [];
  const userKey = JSON.stringify([key.appName, key.userId]);
  let invocation = "";
  let turns = 0;
  const push = (author: string, content: JsonValue, extra: Partial<SessionEvent> = {}) => {
    t += rng.int(1_000, 600_000);
    const event: SessionEvent = {
      id: `evt-${rng.hex(16)}`,
      seq: events.length + 1,
      ...(extra.invocationId !== undefined ? { invocationId: extra.invocationId } : {}),
      author,
      content,
      ...(extra.stateDelta !== undefined ? { stateDelta: extra.stateDelta } : {}),
      ...(extra.metadata !== undefined ? { metadata: extra.metadata } : {}),
      timestamp: t,
    };
    events.push(event);
    const delta = extra.stateDelta;
    if (!delta) return;
    const session: Array<[string, JsonValue]> = [];
    const app: Array<[string, JsonValue]> = [];
    const user: Array<[string, JsonValue]> = [];
    for (const [k, v] of Object.entries(delta)) {
      if (k.startsWith("app:")) app.push([k.slice(4), v]);
      else if (k.startsWith("user:")) user.push([k.slice(5), v]);
      else session.push([k, v]);
    }
    state = applyEntries(state, session);
    if (app.length)
      scopes.app.set(key.appName, applyEntries(scopes.app.get(key.appName) ?? {}, app));
    if (user.length) scopes.user.set(userKey, applyEntries(scopes.user.get(userKey) ?? {}, user));
  };
  let phase = 0;
  while (events.length < eventsPerSession) {
    const left = eventsPerSession - events.length;
    if (phase === 0) {
      invocation = `inv-${rng.hex(12)}`;
      if (rng.chance(0.05) && left >= 1) {
        const delta: JsonObject = rng.chance(0.5)
          ? {
              "app:announcement": f.words(rng.int(3, 12), multilingual),
              "app:version": rng.int(1, 9),
            }
          : {
              preferences: { theme: rng.pick(["dark", "light"]), verbose: rng.chance(0.5) },
              "user:plan": rng.pick(["free", "pro", null]),
            };
        push("system", null, { stateDelta: delta });
        continue;
      }
      push(
        "user",
        { role: "user", parts: [{ text: f.words(f.length(), multilingual) }] },
        rng.chance(0.1) ? { metadata: { client: rng.pick(CHANNELS) } } : {},
      );
      phase = left > 3 && rng.chance(0.3) ? 1 : 3;
    } else if (phase === 1) {
      const name = rng.pick(TOOLS);
      push(
        "model",
        {
          role: "model",
          parts: [
            {
              functionCall: {
                name,
                args: { query: f.words(rng.int(1, 6), multilingual), limit: rng.int(1, 50) },
              },
            },
          ],
        },
        { invocationId: invocation },
      );
      phase = 2;
    } else if (phase === 2) {
      const rows = Array.from({ length: rng.int(0, 8) }, () => ({
        id: rng.hex(8),
        score: rng.int(0, 1000) / 1000,
        label: f.words(rng.int(1, 5), multilingual),
      }));
      push(
        "tool",
        {
          role: "tool",
          parts: [
            {
              functionResponse: { name: rng.pick(TOOLS), response: { ok: rng.chance(0.9), rows } },
            },
          ],
        },
        { invocationId: invocation },
      );
      phase = 3;
    } else {
      turns++;
      const delta: JsonObject = { turns };
      if (rng.chance(0.2)) delta["user:lastTopic"] = topic;
      if (rng.chance(0.05))
        delta.draft = rng.chance(0.5) ? f.words(rng.int(2, 8), multilingual) : null;
      push(
        "model",
        { role: "model", parts: [{ text: f.words(f.length(), multilingual) }] },
        { invocationId: invocation, stateDelta: delta },
      );
      phase = 0;
    }
  }
  const updatedAt = events.length > 0 ? t : createdAt;
  return {
    id: key.sessionId,
    appName: key.appName,
    userId: key.userId,
    status: expired ? "expired" : "active",
    metadata: {
      title: f.words(rng.int(2, 7), multilingual),
      channel: rng.pick(CHANNELS),
      locale: multilingual ? rng.pick(LOCALES) : "en-US",
      tags: Array.from({ length: rng.int(0, 3) }, () => rng.pick(TOPICS)),
    },
    state,
    createdAt,
    updatedAt,
    expiredAt: expired ? updatedAt + rng.int(3_600_000, 30 * DAY) : null,
    revision: 1 + events.length + (expired ? 1 : 0),
    lastSeq: events.length,
    events,
  };
}

/**
 * Writes a realistic legacy JSON store (format version 1, the layout of
 * @sessionkit/json-file-store) into `dir`: varied event sizes and authors (user, model, tool,
 * system), state deltas in every scope, some expired sessions, a few Unicode-heavy and hostile
 * ids. Deterministic: the same seed and options give byte-identical files (timestamps derive
 * from the seed, never the clock). Files are written directly with the store's format helpers,
 * without locks or fsync — generate into a directory nobody else uses.
 */
export async function generateLegacyStore(
  options: GenerateLegacyStoreOptions,
): Promise<GenerateLegacyStoreResult> {
  assertCount("sessions", options.sessions, 0);
  assertCount("eventsPerSession", options.eventsPerSession, 0);
  assertCount("users", options.users, 1);
  const appCount = options.apps ?? 1;
  assertCount("apps", appCount, 1);
  const expiredRatio = options.expiredRatio ?? 0.1;
  if (!(expiredRatio >= 0 && expiredRatio <= 1))
    throw new TypeError("expiredRatio must be between 0 and 1");
  const hostile = options.hostileIds ?? true;
  const root = resolve(options.dir);
  await mkdir(root, { recursive: true });
  if ((await readdir(root)).length > 0)
    throw new Error(`${root} is not empty; generate into a new or empty directory`);
  const layout = new StoreLayout(root);
  const rng = new Random(options.seed);
  const f = new ContentFactory(rng);

  const apps = Array.from({ length: appCount }, (_, i) =>
    hostile && i === 1 ? "Support Bot ☎" : `app-${i + 1}`,
  );
  let hostileUser = 0;
  const users = Array.from({ length: options.users }, (_, i) => {
    if (hostile && i % 7 === 3 && hostileUser < HOSTILE_USER_IDS.length)
      return HOSTILE_USER_IDS[hostileUser++] as string;
    return `user-${String(i + 1).padStart(5, "0")}`;
  });
  const scopes: Scopes = { app: new Map(), user: new Map() };
  const hostileSessionsUsed = new Map<string, Set<string>>();
  let hostileTurn = 0;
  const madeDirs = new Map<string, Promise<void>>();
  const pending = new Set<Promise<void>>();
  let bytes = 0;
  let events = 0;
  let expiredSessions = 0;

  const ensureDir = (dir: string, id?: string): Promise<void> => {
    let made = madeDirs.get(dir);
    if (!made) {
      made = (async () => {
        await mkdir(dir, { recursive: true });
        if (id !== undefined && isHashedSegment(encodeIdSegment(id))) {
          const text = serializeIdFile(id);
          bytes += Buffer.byteLength(text);
          await writeFile(join(dir, ID_FILE), text);
        }
      })();
      madeDirs.set(dir, made);
    }
    return made;
  };
  const write = async (file: string, text: string) => {
    bytes += Buffer.byteLength(text);
    await writeFile(file, text);
  };
  const enqueue = async (task: Promise<void>) => {
    pending.add(task);
    void task.finally(() => pending.delete(task));
    if (pending.size >= 64) await Promise.race(pending);
  };

  for (let i = 0; i < options.sessions; i++) {
    const appName = apps[rng.int(0, apps.length - 1)] as string;
    // Skewed: a few users own many sessions.
    const userId = users[Math.floor(rng.next() ** 2 * users.length)] as string;
    const userKey = JSON.stringify([appName, userId]);
    let sessionId = rng.uuid();
    if (hostile && i % 20 === 13) {
      // Rotate through the hostile ids, skipping those this user already has.
      const used = hostileSessionsUsed.get(userKey) ?? new Set<string>();
      for (let k = 0; k < HOSTILE_SESSION_IDS.length; k++) {
        const candidate = HOSTILE_SESSION_IDS[
          (hostileTurn + k) % HOSTILE_SESSION_IDS.length
        ] as string;
        if (used.has(candidate)) continue;
        sessionId = candidate;
        used.add(candidate);
        hostileSessionsUsed.set(userKey, used);
        hostileTurn += k + 1;
        break;
      }
    }
    const expired = rng.chance(expiredRatio);
    const session = buildSession(
      rng,
      f,
      { appName, userId, sessionId },
      options.eventsPerSession,
      expired,
      scopes,
    );
    if (expired) expiredSessions++;
    events += session.events.length;
    const text = serializeSessionFile(session);
    const file = layout.sessionFile(appName, userId, sessionId);
    await enqueue(
      (async () => {
        await ensureDir(layout.appDir(appName), appName);
        await ensureDir(layout.userDir(appName, userId), userId);
        await ensureDir(dirname(file));
        await write(file, text);
      })(),
    );
    if (options.onProgress && (i + 1) % 500 === 0) options.onProgress(i + 1, options.sessions);
  }
  await Promise.all(pending);
  for (const [appName, state] of scopes.app) {
    await ensureDir(layout.appDir(appName), appName);
    await write(layout.appStateFile(appName), serializeStateFile(state));
  }
  for (const [userKey, state] of scopes.user) {
    const [appName, userId] = JSON.parse(userKey) as [string, string];
    await ensureDir(layout.appDir(appName), appName);
    await ensureDir(layout.userDir(appName, userId), userId);
    await write(layout.userStateFile(appName, userId), serializeStateFile(state));
  }
  // The marker last: an interrupted generation is never mistaken for a store.
  await write(layout.markerFile, MARKER_TEXT);
  options.onProgress?.(options.sessions, options.sessions);
  return {
    root,
    apps: apps.length,
    users: users.length,
    sessions: options.sessions,
    expiredSessions,
    events,
    bytes,
  };
}
