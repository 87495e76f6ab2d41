import fs, { type Stats } from "node:fs";
import { isDeadOwner, ownerPathOf, readLockOwner } from "./lock-owner.js";

type Callback<T> = (error: NodeJS.ErrnoException | null, value?: T) => void;

// Lock directories this process has just created; the next stat of one is proper-lockfile's
// mtime probe right after the mkdir, whose result is kept as the lock's identity.
const justCreated = new Set<string>();
const creationStats = new Map<string, Stats>();

/** An mtime so old that proper-lockfile's staleness rule breaks the lock at once. */
function asStale(stats: Stats): Stats {
  return { dev: stats.dev, ino: stats.ino, mtime: new Date(0), mtimeMs: 0 } as unknown as Stats;
}

/**
 * The file system handed to proper-lockfile (its documented `fs` option): node:fs, except that
 * `stat` of a lock directory whose sidecar proves the holder a dead process of this host
 * reports the directory as long unrefreshed. proper-lockfile then breaks it through its own
 * stale-lock path, at once instead of after `stale` ms. The locking itself (mkdir, refresh,
 * staleness, break, release) stays proper-lockfile's.
 */
export const lockFs: Record<string, unknown> = {
  ...fs,
  mkdir(path: string, callback: Callback<void>): void {
    fs.mkdir(path, (error) => {
      if (!error) justCreated.add(path);
      callback(error);
    });
  },
  stat(path: string, callback: Callback<Stats>): void {
    fs.stat(path, (error, stats) => {
      if (error) return callback(error);
      if (justCreated.delete(path)) {
        creationStats.set(path, stats);
        return callback(null, stats);
      }
      readLockOwner(ownerPathOf(path)).then(
        (owner) => callback(null, isDeadOwner(owner, stats) ? asStale(stats) : stats),
        () => callback(null, stats),
      );
    });
  },
};

/** The stat of `lockPath` taken right after this process created it (once), if known. */
export function takeCreationStats(lockPath: string): Stats | undefined {
  const stats = creationStats.get(lockPath);
  creationStats.delete(lockPath);
  return stats;
}
