import {
  describeKey,
  type ErrorContext,
  type JsonObject,
  type SessionEvent,
  type SessionKey,
  SessionKitError,
  type SessionSnapshot,
} from "@sessionkit/core";
import { corruptFile } from "./errors.js";
import type { HeldLock } from "./file-lock.js";
import type { FileStore } from "./file-store.js";
import { readMetaFile, readSessionFile, readStateFile } from "./read-files.js";
import { assertNotRetired } from "./retired-store.js";

interface Slot<T> {
  current: T;
  /** undefined: unchanged. */
  staged?: T;
}

/** A change for watchers, published after the commit: an event, or null for "session gone". */
export interface Notification {
  file: string;
  event: SessionEvent | null;
}

/**
 * The files one operation (or one transaction) reads and writes. Every file it touches is
 * locked first when `locking` (writes and transactions), and read once; changes are staged and
 * written by `commit()` in a fixed order: app state files, user state files, the session file
 * (the commit point of an append), then meta.json.
 */
export class WorkUnit {
  private readonly sessions = new Map<string, Slot<SessionSnapshot | null> & { key: SessionKey }>();
  private readonly apps = new Map<string, Slot<JsonObject>>();
  private readonly users = new Map<
    string,
    Slot<JsonObject> & { appName: string; userId: string }
  >();
  private meta: Slot<Map<string, string>> | undefined;
  /** Locks held, by file, in order of acquisition. */
  private readonly held = new Map<string, HeldLock>();
  readonly notifications: Notification[] = [];

  constructor(
    readonly store: FileStore,
    readonly locking: boolean,
    /** Inside transaction(): at most one session may be written. */
    readonly transactional: boolean,
  ) {}

  private async lock(file: string, ctx: ErrorContext): Promise<void> {
    if (!this.locking || this.held.has(file)) return;
    this.held.set(file, await this.store.lock(file, ctx));
  }

  /** The lock this unit holds on `file` (every file a unit writes was locked when read). */
  private lockOf(file: string): HeldLock {
    const lock = this.held.get(file);
    if (!lock) throw new Error(`write of ${file} without its lock`);
    return lock;
  }

  sessionFile(key: SessionKey): string {
    return this.store.layout.sessionFile(key.appName, key.userId, key.sessionId);
  }

  /** The session as this unit sees it (staged changes included); null when absent. */
  async session(key: SessionKey, ctx: ErrorContext): Promise<SessionSnapshot | null> {
    const file = this.sessionFile(key);
    let slot = this.sessions.get(file);
    if (!slot) {
      await this.lock(file, ctx);
      const current = await readSessionFile(file, ctx);
      if (
        current &&
        (current.appName !== key.appName ||
          current.userId !== key.userId ||
          current.id !== key.sessionId)
      ) {
        throw corruptFile(
          ctx,
          file,
          `it holds ${describeKey({ appName: current.appName, userId: current.userId, sessionId: current.id })}, not ${describeKey(key)} (moved file or hash collision)`,
        );
      }
      slot = { key, current };
      this.sessions.set(file, slot);
    }
    return slot.staged !== undefined ? slot.staged : slot.current;
  }

  /** Stages a new version of a session (null deletes it). Read it with session() first. */
  stageSession(key: SessionKey, value: SessionSnapshot | null, ctx: ErrorContext): void {
    const file = this.sessionFile(key);
    const slot = this.sessions.get(file);
    if (!slot) throw new Error("stageSession before session()");
    if (this.transactional) {
      for (const [other, s] of this.sessions) {
        if (other !== file && s.staged !== undefined) {
          throw new SessionKitError({
            ...ctx,
            code: "UNSUPPORTED",
            problem:
              "a json-file-store transaction can write only one session (each session is its own file; a write spanning files is not atomic)",
            remedy:
              "write each session in its own transaction, or use an adapter whose capabilities.transactions is multi-session",
          });
        }
      }
    }
    slot.staged = value;
  }

  async appState(appName: string, ctx: ErrorContext): Promise<JsonObject> {
    let slot = this.apps.get(appName);
    if (!slot) {
      const file = this.store.layout.appStateFile(appName);
      await this.lock(file, ctx);
      slot = { current: await readStateFile(file, ctx) };
      this.apps.set(appName, slot);
    }
    return slot.staged ?? slot.current;
  }

  /** The app state if this unit already read it (staged changes included), else undefined. */
  peekAppState(appName: string): JsonObject | undefined {
    const slot = this.apps.get(appName);
    return slot ? (slot.staged ?? slot.current) : undefined;
  }

  /** The user state if this unit already read it, else undefined. */
  peekUserState(appName: string, userId: string): JsonObject | undefined {
    const slot = this.users.get(JSON.stringify([appName, userId]));
    return slot ? (slot.staged ?? slot.current) : undefined;
  }

  stageAppState(appName: string, state: JsonObject): void {
    const slot = this.apps.get(appName);
    if (!slot) throw new Error("stageAppState before appState()");
    slot.staged = state;
  }

  async userState(appName: string, userId: string, ctx: ErrorContext): Promise<JsonObject> {
    const id = JSON.stringify([appName, userId]);
    let slot = this.users.get(id);
    if (!slot) {
      const file = this.store.layout.userStateFile(appName, userId);
      await this.lock(file, ctx);
      slot = { current: await readStateFile(file, ctx), appName, userId };
      this.users.set(id, slot);
    }
    return slot.staged ?? slot.current;
  }

  stageUserState(appName: string, userId: string, state: JsonObject): void {
    const slot = this.users.get(JSON.stringify([appName, userId]));
    if (!slot) throw new Error("stageUserState before userState()");
    slot.staged = state;
  }

  async metaEntries(ctx: ErrorContext): Promise<Map<string, string>> {
    if (!this.meta) {
      const file = this.store.layout.metaFile;
      await this.lock(file, ctx);
      this.meta = { current: await readMetaFile(file, ctx) };
    }
    return this.meta.staged ?? this.meta.current;
  }

  stageMeta(meta: Map<string, string>): void {
    if (!this.meta) throw new Error("stageMeta before metaEntries()");
    this.meta.staged = meta;
  }

  /** Staged sessions (for listings inside a transaction). */
  stagedSessions(): Array<{ key: SessionKey; value: SessionSnapshot | null }> {
    const out: Array<{ key: SessionKey; value: SessionSnapshot | null }> = [];
    for (const slot of this.sessions.values()) {
      if (slot.staged !== undefined) out.push({ key: slot.key, value: slot.staged });
    }
    return out;
  }

  /**
   * Writes every staged change, in the documented order. A retired store (see
   * retireJsonStore) refuses with RETIRED before anything is written.
   */
  async commit(ctx: ErrorContext): Promise<void> {
    const layout = this.store.layout;
    await assertNotRetired(layout, ctx);
    for (const [appName, slot] of this.apps) {
      if (slot.staged === undefined) continue;
      const lock = this.lockOf(layout.appStateFile(appName));
      await this.store.writeAppState(appName, slot.staged, ctx, lock);
    }
    for (const slot of this.users.values()) {
      if (slot.staged === undefined) continue;
      const lock = this.lockOf(layout.userStateFile(slot.appName, slot.userId));
      await this.store.writeUserState(slot.appName, slot.userId, slot.staged, ctx, lock);
    }
    for (const [file, slot] of this.sessions) {
      if (slot.staged === undefined) continue;
      if (slot.staged === null) {
        if (slot.current !== null) await this.store.removeSession(file, ctx, this.lockOf(file));
      } else {
        await this.store.writeSession(slot.staged, ctx, slot.current !== null, this.lockOf(file));
      }
    }
    if (this.meta?.staged !== undefined) {
      await this.store.writeMeta(this.meta.staged, ctx, this.lockOf(layout.metaFile));
    }
  }

  /** Releases every lock, in reverse order of acquisition. */
  async release(): Promise<void> {
    const locks = [...this.held.values()].reverse();
    this.held.clear();
    for (const lock of locks) await lock.release();
  }
}
