import { basename, join } from "node:path";
import type { ErrorContext, JsonObject, SessionSnapshot } from "@sessionkit/core";
import { ensureDirectory, removeFileDurably, writeFileAtomic } from "./durable-fs.js";
import { corruptFile, toStoreError } from "./errors.js";
import { acquireFileLock, type HeldLock } from "./file-lock.js";
import {
  serializeIdFile,
  serializeMetaFile,
  serializeSessionFile,
  serializeStateFile,
} from "./format.js";
import { HeaderCache } from "./header-cache.js";
import { isHashedSegment } from "./id-encoding.js";
import { ID_FILE, StoreLayout } from "./layout.js";
import { readIdFile } from "./read-files.js";

export interface FileStoreSettings {
  /** fsync files and directories (default true). */
  durable: boolean;
  /** How long a write waits for a lock before BUSY. */
  busyTimeoutMs: number;
  /** proper-lockfile `stale` (>= 2,000 ms). */
  staleLockMs: number;
  /** Remember headers of unchanged session files for listings (default true). */
  cacheHeaders: boolean;
}

/** Low-level durable writes and locks over one store root. No caching, no semantics. */
export class FileStore {
  readonly layout: StoreLayout;
  /** Headers of unchanged session files, for listings. */
  readonly headers: HeaderCache;

  constructor(
    readonly root: string,
    readonly settings: FileStoreSettings,
  ) {
    this.layout = new StoreLayout(root);
    this.headers = new HeaderCache(settings.cacheHeaders);
  }

  /** Takes the cross-process lock on `file`; BUSY naming the file when not obtained in time. */
  async lock(file: string, ctx: ErrorContext): Promise<HeldLock> {
    try {
      return await acquireFileLock(file, {
        timeoutMs: this.settings.busyTimeoutMs,
        staleMs: this.settings.staleLockMs,
        durable: this.settings.durable,
      });
    } catch (error) {
      throw toStoreError(error, ctx, file);
    }
  }

  /** Creates a directory named by an id, with its `id.json` when the name is hashed. */
  private async ensureIdDirectory(dir: string, id: string, ctx: ErrorContext): Promise<void> {
    await ensureDirectory(dir, this.settings.durable);
    const segment = basename(dir);
    if (!isHashedSegment(segment)) return;
    const idFile = join(dir, ID_FILE);
    const stored = await readIdFile(idFile, ctx);
    if (stored === null) await writeFileAtomic(idFile, serializeIdFile(id), this.settings.durable);
    else if (stored !== id) {
      throw corruptFile(
        ctx,
        idFile,
        `it names ${JSON.stringify(stored)}, but ${JSON.stringify(id)} maps to the same directory (hash collision or moved directory)`,
      );
    }
  }

  async ensureAppDirectory(appName: string, ctx: ErrorContext): Promise<void> {
    await this.ensureIdDirectory(this.layout.appDir(appName), appName, ctx);
  }

  async ensureUserDirectory(appName: string, userId: string, ctx: ErrorContext): Promise<void> {
    await this.ensureAppDirectory(appName, ctx);
    await this.ensureIdDirectory(this.layout.userDir(appName, userId), userId, ctx);
  }

  /**
   * Writes a session file; `existed`: the file is known to exist, so its directories do.
   * Every write below takes the file's held lock and checks it right before the rename.
   */
  async writeSession(
    session: SessionSnapshot,
    ctx: ErrorContext,
    existed: boolean,
    lock: HeldLock,
  ): Promise<void> {
    const file = this.layout.sessionFile(session.appName, session.userId, session.id);
    try {
      if (!existed) {
        await this.ensureUserDirectory(session.appName, session.userId, ctx);
        await ensureDirectory(
          this.layout.sessionsDir(session.appName, session.userId),
          this.settings.durable,
        );
      }
      await writeFileAtomic(file, serializeSessionFile(session), this.settings.durable, () =>
        lock.assertHeld(),
      );
    } catch (error) {
      throw toStoreError(error, ctx, file);
    }
  }

  async removeSession(file: string, ctx: ErrorContext, lock: HeldLock): Promise<boolean> {
    try {
      return await removeFileDurably(file, this.settings.durable, () => lock.assertHeld());
    } catch (error) {
      throw toStoreError(error, ctx, file);
    }
  }

  async writeAppState(
    appName: string,
    state: JsonObject,
    ctx: ErrorContext,
    lock: HeldLock,
  ): Promise<void> {
    const file = this.layout.appStateFile(appName);
    try {
      await this.ensureAppDirectory(appName, ctx);
      await writeFileAtomic(file, serializeStateFile(state), this.settings.durable, () =>
        lock.assertHeld(),
      );
    } catch (error) {
      throw toStoreError(error, ctx, file);
    }
  }

  async writeUserState(
    appName: string,
    userId: string,
    state: JsonObject,
    ctx: ErrorContext,
    lock: HeldLock,
  ): Promise<void> {
    const file = this.layout.userStateFile(appName, userId);
    try {
      await this.ensureUserDirectory(appName, userId, ctx);
      await writeFileAtomic(file, serializeStateFile(state), this.settings.durable, () =>
        lock.assertHeld(),
      );
    } catch (error) {
      throw toStoreError(error, ctx, file);
    }
  }

  async writeMeta(meta: Map<string, string>, ctx: ErrorContext, lock: HeldLock): Promise<void> {
    const file = this.layout.metaFile;
    try {
      await writeFileAtomic(file, serializeMetaFile(meta), this.settings.durable, () =>
        lock.assertHeld(),
      );
    } catch (error) {
      throw toStoreError(error, ctx, file);
    }
  }
}
