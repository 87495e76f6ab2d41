import { unlink } from "node:fs/promises";
import type { ErrorContext, MaintenanceResult } from "@sessionkit/core";
import { breakLock, isLockStale } from "./file-lock.js";
import type { FileStore } from "./file-store.js";
import { classify, isOrphanedTemp } from "./integrity.js";
import { walkFiles } from "./store-walk.js";

/**
 * Removes what interrupted writes left behind: temp files of dead writers or older than
 * 10 minutes, and stale or half-broken locks. Never touches data files.
 */
export async function maintainStore(
  store: FileStore,
  ctx: ErrorContext,
): Promise<MaintenanceResult> {
  const files = await walkFiles(store.root, ctx);
  const bytesBefore = files.reduce((n, f) => n + f.size, 0);
  let temps = 0;
  let locks = 0;
  let removedBytes = 0;
  for (const f of files) {
    const kind = classify(f.relative);
    if (kind === "temp" && isOrphanedTemp(f)) {
      await unlink(f.path).catch(() => undefined);
      temps++;
      removedBytes += f.size;
    } else if (kind === "broken-lock") {
      await unlink(f.path).catch(() => undefined);
      locks++;
      removedBytes += f.size;
    } else if (kind === "lock" && (await isLockStale(f.path, store.settings.staleLockMs))) {
      await breakLock(f.path);
      locks++;
      removedBytes += f.size;
    }
  }
  const performed: string[] = [];
  if (temps > 0) performed.push(`removed ${temps} orphaned temp file(s)`);
  if (locks > 0) performed.push(`removed ${locks} stale lock(s)`);
  return { performed, bytesBefore, bytesAfter: bytesBefore - removedBytes };
}
