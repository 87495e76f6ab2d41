import type { ErrorContext, MaintenanceResult } from "@sessionkit/core";
import { classify } from "./file-kind.js";
import type { FileStore } from "./file-store.js";
import { leftoverKind } from "./leftovers.js";
import { type LeftoverEntry, recoverLeftovers } from "./store-recovery.js";
import { walkFiles } from "./store-walk.js";

/**
 * Removes what interrupted writes left behind (the same recovery as at open): temp files and
 * locks whose process died or whose lock went stale, temp files older than 10 minutes. Never
 * touches data files.
 */
export async function maintainStore(
  store: FileStore,
  ctx: ErrorContext,
): Promise<MaintenanceResult> {
  const files = await walkFiles(store.root, ctx);
  const bytesBefore = files.reduce((n, f) => n + f.size, 0);
  const entries: LeftoverEntry[] = [];
  for (const f of files) {
    const kind = leftoverKind(classify(f.relative, f.directory));
    if (kind) entries.push({ relative: f.relative, kind, size: f.size });
  }
  const result = await recoverLeftovers(store.root, entries, store.settings);
  const performed: string[] = [];
  if (result.temps > 0) performed.push(`removed ${result.temps} orphaned temp file(s)`);
  if (result.locks > 0) performed.push(`removed ${result.locks} stale lock(s)`);
  return { performed, bytesBefore, bytesAfter: bytesBefore - result.bytes };
}
