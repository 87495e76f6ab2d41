import { randomBytes } from "node:crypto";
import type { Stats } from "node:fs";
import { unlinkSync, writeFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname } from "node:path";
import { type LockOptions as ProperLockOptions, lock as properLock } from "proper-lockfile";
import { ensureDirectory } from "./durable-fs.js";
import { lockFs, takeCreationStats } from "./lock-fs.js";
import {
  HOST,
  LOCK_SUFFIX,
  type LockOwner,
  lockIdentity,
  ownerPathOf,
  readLockOwner,
  readLockOwnerSync,
  sameLockDirectory,
} from "./lock-owner.js";

export interface LockOptions {
  /** Give up (BUSY) after this long, counting the wait for other holders in this process. */
  timeoutMs: number;
  /** proper-lockfile `stale`: a lock not refreshed this long is broken by the next taker. */
  staleMs: number;
  /** fsync directories created for the lock (default true). */
  durable?: boolean;
}

/** proper-lockfile refuses `stale` below 2 s (and refreshes at most once a second). */
export const MIN_STALE_MS = 2_000;
/** Longest pause between two attempts to take a held lock. */
const MAX_RETRY_DELAY_MS = 25;
/**
 * A write is refused when its lock is this close to being stale: other processes could break
 * it while the write is renamed into place.
 */
const STALE_MARGIN_MS = 500;

/** How often a held lock's mtime is refreshed: every fifth of `staleMs`, at least 1 s. */
export function refreshInterval(staleMs: number): number {
  return Math.max(1_000, Math.min(Math.floor(staleMs / 5), Math.floor(staleMs / 2)));
}

/** The lock on `target` was not obtained in time; toStoreError turns it into BUSY. */
export class LockTimeoutError extends Error {
  constructor(
    readonly target: string,
    readonly timeoutMs: number,
    /** Who held it when the wait ended, when its sidecar said so. */
    readonly holder: LockOwner | null,
  ) {
    super(`lock on ${target} not obtained within ${timeoutMs} ms`);
  }
}

/**
 * A held lock was lost (broken by another process, refreshed too late, removed by hand):
 * the write it protects is refused; toStoreError turns it into BUSY.
 */
export class LockLostError extends Error {
  constructor(
    readonly target: string,
    readonly reason: string,
  ) {
    super(`lock on ${target} was lost: ${reason}`);
  }
}

/** A lock this process holds. */
export interface HeldLock {
  readonly target: string;
  /**
   * Resolves when the lock is still this process's and not about to turn stale; throws
   * LockLostError otherwise. Called right before each rename that commits a write.
   */
  assertHeld(): Promise<void>;
  /** Idempotent; never throws. */
  release(): Promise<void>;
}

// One waiting line per lock path inside this process, so that in-process writers queue
// instead of polling the lock directory, and two repositories on one root never contend on it.
const localTails = new Map<string, Promise<void>>();

async function acquireLocal(target: string, timeoutMs: number): Promise<() => void> {
  const previous = localTails.get(target) ?? Promise.resolve();
  let releaseNext!: () => void;
  const mine = new Promise<void>((resolve) => {
    releaseNext = resolve;
  });
  const tail = previous.then(() => mine);
  localTails.set(target, tail);
  const release = () => {
    releaseNext();
    if (localTails.get(target) === tail) localTails.delete(target);
  };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  const outcome = await Promise.race([previous.then(() => "granted" as const), timedOut]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    // Give the turn away as soon as it comes, so the line keeps moving.
    void previous.then(release);
    throw new LockTimeoutError(target, timeoutMs, null);
  }
  return release;
}

const errno = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** proper-lockfile's lock, retried with backoff until `deadline`; creates missing directories. */
async function takeLock(
  target: string,
  options: ProperLockOptions,
  deadline: number,
  durable: boolean,
): Promise<() => Promise<void>> {
  try {
    return await properLock(target, { ...options, retries: 0 });
  } catch (error) {
    const code = errno(error);
    if (code === "ENOENT") await ensureDirectory(dirname(target), durable);
    else if (code !== "ELOCKED") throw error;
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      if (code === "ELOCKED") throw error;
      return properLock(target, { ...options, retries: 0 });
    }
    return properLock(target, {
      ...options,
      retries: {
        retries: Math.ceil(remaining / MAX_RETRY_DELAY_MS) + 10,
        factor: 1.5,
        minTimeout: 1,
        maxTimeout: MAX_RETRY_DELAY_MS,
        randomize: true,
        maxRetryTime: remaining,
      },
    });
  }
}

/**
 * Takes the exclusive lock on `target` for this process and every other process sharing the
 * directory: an in-process queue, then proper-lockfile's lock directory `<target>.lock`
 * (refreshed while held, broken by others once not refreshed for `staleMs`), then the sidecar
 * `<target>.lock.owner` naming this process, which lets other processes of this host break the
 * lock at once if this process dies. Rejects with LockTimeoutError after `timeoutMs`.
 *
 * If proper-lockfile reports the lock compromised while held (its refresh failed or found the
 * directory replaced), nothing is thrown asynchronously: the next assertHeld() fails instead.
 */
export async function acquireFileLock(target: string, options: LockOptions): Promise<HeldLock> {
  const deadline = Date.now() + options.timeoutMs;
  const releaseLocal = await acquireLocal(target, options.timeoutMs);
  const lockPath = target + LOCK_SUFFIX;
  const ownerPath = ownerPathOf(lockPath);
  let compromised: Error | undefined;
  let releaseDirectory: () => Promise<void>;
  try {
    releaseDirectory = await takeLock(
      target,
      {
        stale: options.staleMs,
        update: refreshInterval(options.staleMs),
        realpath: false,
        fs: lockFs,
        onCompromised: (error) => {
          compromised = error;
        },
      },
      deadline,
      options.durable ?? true,
    );
  } catch (error) {
    releaseLocal();
    if (errno(error) === "ELOCKED" || /RetryOperation timeout/.test(String(error))) {
      throw new LockTimeoutError(target, options.timeoutMs, await readLockOwner(ownerPath));
    }
    throw error;
  }
  const token = randomBytes(8).toString("hex");
  let identity: ReturnType<typeof lockIdentity>;
  try {
    identity = lockIdentity(takeCreationStats(lockPath) ?? (await stat(lockPath)));
    const owner: LockOwner = { pid: process.pid, host: HOST, token, ...identity };
    // Synchronous: a ~120-byte file, written once per lock; a thread-pool round trip per
    // sidecar operation would cost more than the write itself on the hot path.
    writeFileSync(ownerPath, JSON.stringify(owner));
  } catch (error) {
    await releaseDirectory().catch(() => undefined);
    releaseLocal();
    throw error;
  }
  let released = false;
  // Set when the lock directory turned out to be another process's (or gone): releasing must
  // then leave it alone; proper-lockfile notices at its next refresh and stops refreshing.
  let stolen = false;
  const lose = (reason: string, isStolen: boolean): never => {
    if (isStolen) stolen = true;
    throw new LockLostError(target, reason);
  };
  return {
    target,
    async assertHeld() {
      if (released) lose("it was already released", false);
      if (compromised) lose(`proper-lockfile reports it compromised: ${compromised.message}`, true);
      const found = await stat(lockPath).catch((error: unknown) => error as NodeJS.ErrnoException);
      const owner = readLockOwnerSync(ownerPath);
      if (found instanceof Error) lose(`${lockPath} is gone (${found.code ?? found})`, true);
      const stats = found as Stats;
      if (!sameLockDirectory(identity, stats) || (owner !== null && owner.token !== token)) {
        return lose("another process broke it and holds it now", true);
      }
      const age = Date.now() - stats.mtimeMs;
      if (age > options.staleMs - STALE_MARGIN_MS) {
        lose(
          `it was last refreshed ${Math.round(age)} ms ago (event loop blocked?), so other processes may already treat it as stale (staleLockMs ${options.staleMs})`,
          false,
        );
      }
    },
    async release() {
      if (released) return;
      released = true;
      try {
        if (!compromised && !stolen) {
          try {
            unlinkSync(ownerPath);
          } catch {
            // already gone
          }
          await releaseDirectory().catch(() => undefined);
        }
      } finally {
        releaseLocal();
      }
    },
  };
}
