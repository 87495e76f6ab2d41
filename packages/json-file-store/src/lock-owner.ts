import type { Stats } from "node:fs";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import { isProcessAlive } from "./durable-fs.js";

/** proper-lockfile's lock of `<target>` is the directory `<target>.lock`. */
export const LOCK_SUFFIX = ".lock";
/** Beside it, the holder's sidecar `<target>.lock.owner` (see {@link LockOwner}). */
export const OWNER_SUFFIX = ".lock.owner";

/** This machine, as written into sidecars. */
export const HOST = hostname();

/**
 * Who holds a lock, written by the holder right after proper-lockfile created the lock
 * directory. `dev`/`ino`/`birthtimeMs` identify that directory, so a sidecar left by an earlier
 * holder is never taken for the current one (each lock directory is a new inode with a new
 * creation time).
 */
export interface LockOwner {
  pid: number;
  host: string;
  token: string;
  dev: number;
  ino: number;
  birthtimeMs: number;
}

export function ownerPathOf(lockPath: string): string {
  return `${lockPath}.owner`;
}

function parseOwner(text: string): LockOwner | null {
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    return typeof parsed.pid === "number" &&
      typeof parsed.host === "string" &&
      typeof parsed.token === "string" &&
      typeof parsed.ino === "number" &&
      typeof parsed.dev === "number" &&
      typeof parsed.birthtimeMs === "number"
      ? (parsed as LockOwner)
      : null;
  } catch {
    return null;
  }
}

/** The sidecar's content; null when absent, being written, or unreadable. */
export async function readLockOwner(ownerPath: string): Promise<LockOwner | null> {
  return parseOwner(await readFile(ownerPath, "utf8").catch(() => ""));
}

/**
 * readLockOwner without a thread-pool round trip, for the holder's own check right before a
 * rename (a sidecar is a ~120-byte file in the directory the write goes to anyway).
 */
export function readLockOwnerSync(ownerPath: string): LockOwner | null {
  try {
    return parseOwner(readFileSync(ownerPath, "utf8"));
  } catch {
    return null;
  }
}

/** The identity of a lock directory, as recorded in its sidecar. */
export function lockIdentity(
  stats: Pick<Stats, "dev" | "ino" | "birthtimeMs">,
): Pick<LockOwner, "dev" | "ino" | "birthtimeMs"> {
  return { dev: stats.dev, ino: stats.ino, birthtimeMs: stats.birthtimeMs };
}

/** Same directory: same device, inode and creation time (0 where not recorded). */
export function sameLockDirectory(
  a: Pick<LockOwner, "dev" | "ino" | "birthtimeMs">,
  b: Pick<Stats, "dev" | "ino" | "birthtimeMs">,
): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.birthtimeMs === b.birthtimeMs;
}

/** Whether `owner` was provably written for the lock directory `stats` (same inode, same creation time). */
export function describesLock(
  owner: Pick<LockOwner, "dev" | "ino" | "birthtimeMs">,
  stats: Pick<Stats, "dev" | "ino" | "birthtimeMs">,
): boolean {
  // Without a creation time (file systems that do not record it) an inode number alone could
  // be a reused one: no proof then.
  return stats.birthtimeMs > 0 && sameLockDirectory(owner, stats);
}

/**
 * True only when the lock directory `stats` provably belongs to a process of this host that no
 * longer runs: its sidecar names this host, was written for this very directory, and the pid
 * is gone. Anything less (no sidecar, another host, a reused directory) is no proof, and the
 * lock is then judged by its age like any other.
 */
export function isDeadOwner(owner: LockOwner | null, stats: Stats): boolean {
  return (
    owner !== null &&
    owner.host === HOST &&
    describesLock(owner, stats) &&
    !isProcessAlive(owner.pid)
  );
}
