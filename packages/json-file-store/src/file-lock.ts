import { randomBytes } from "node:crypto";
import { open, readFile, rename, stat, unlink, utimes } from "node:fs/promises";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { ensureDirectory, isProcessAlive } from "./durable-fs.js";

/** Lock files are `<target>.lock`, holding `{"pid":…,"host":…,"token":…}`. */
export const LOCK_SUFFIX = ".lock";

export interface LockOptions {
  /** Give up (BUSY) after this long. */
  timeoutMs: number;
  /** A lock whose file was not refreshed for this long is stale, whoever holds it. */
  staleMs: number;
}

/** Thrown when a lock is not obtained in time; converted to BUSY by the caller. */
export class LockTimeoutError extends Error {
  constructor(readonly target: string) {
    super(`lock on ${target} not obtained in time`);
  }
}

export interface LockOwner {
  pid: number;
  host: string;
  token: string;
}

const HOST = hostname();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads a lock file's owner; null while it is being written or when unreadable. */
export async function readLockOwner(lockPath: string): Promise<LockOwner | null> {
  try {
    const parsed = JSON.parse(await readFile(lockPath, "utf8")) as LockOwner;
    return typeof parsed.pid === "number" && typeof parsed.host === "string" ? parsed : null;
  } catch {
    return null;
  }
}

/** True when the lock's owner is a process of this host that no longer runs. */
export async function isLockOfDeadProcess(lockPath: string): Promise<boolean> {
  const owner = await readLockOwner(lockPath);
  return owner !== null && owner.host === HOST && !isProcessAlive(owner.pid);
}

/**
 * A lock is stale when its owner is a dead process on this host (detected at once: a process
 * killed with SIGKILL blocks nobody) or, for owners elsewhere or unknown, when the file was not
 * refreshed for `staleMs`.
 */
export async function isLockStale(lockPath: string, staleMs: number): Promise<boolean> {
  const owner = await readLockOwner(lockPath);
  if (owner && owner.host === HOST && !isProcessAlive(owner.pid)) return true;
  try {
    return Date.now() - (await stat(lockPath)).mtimeMs > staleMs;
  } catch {
    return false;
  }
}

/** Removes a stale lock: renamed away first, so two breakers cannot both succeed. */
export async function breakLock(lockPath: string): Promise<void> {
  const aside = `${lockPath}.stale-${randomBytes(4).toString("hex")}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return;
  }
  await unlink(aside).catch(() => undefined);
}

// One waiting line per lock path inside this process, so that in-process writers queue
// instead of polling the lock file, and two repositories on one root never contend on it.
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
    throw new LockTimeoutError(target);
  }
  return release;
}

/**
 * Takes the exclusive lock on `target` for this process and every other process on the
 * machine (or sharing the directory): an in-process queue, then an `O_EXCL`-created lock file
 * beside the target, refreshed while held. Resolves to the release function.
 */
export async function acquireFileLock(
  target: string,
  options: LockOptions,
): Promise<() => Promise<void>> {
  const deadline = Date.now() + options.timeoutMs;
  const releaseLocal = await acquireLocal(target, options.timeoutMs);
  const lockPath = target + LOCK_SUFFIX;
  const token = randomBytes(8).toString("hex");
  let delay = 1;
  try {
    for (;;) {
      try {
        const handle = await open(lockPath, "wx");
        try {
          await handle.writeFile(JSON.stringify({ pid: process.pid, host: HOST, token }));
        } finally {
          await handle.close();
        }
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") {
          await ensureDirectory(dirname(lockPath), true);
          continue;
        }
        if (code !== "EEXIST") throw error;
      }
      if (await isLockStale(lockPath, options.staleMs)) {
        await breakLock(lockPath);
        continue;
      }
      if (Date.now() >= deadline) throw new LockTimeoutError(target);
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 25);
    }
  } catch (error) {
    releaseLocal();
    throw error;
  }
  const refresh = setInterval(
    () => {
      const now = new Date();
      void utimes(lockPath, now, now).catch(() => undefined);
    },
    Math.max(250, Math.floor(options.staleMs / 3)),
  );
  refresh.unref();
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    clearInterval(refresh);
    try {
      const owner = await readLockOwner(lockPath);
      if (owner?.token === token) await unlink(lockPath).catch(() => undefined);
    } finally {
      releaseLocal();
    }
  };
}
