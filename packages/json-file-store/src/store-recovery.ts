import type { Dirent } from "node:fs";
import { readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { ErrorContext } from "@sessionkit/core";
import { toStoreError } from "./errors.js";
import { classify } from "./file-kind.js";
import { acquireFileLock } from "./file-lock.js";
import { judgeLeftover, type LeftoverKind, leftoverKind } from "./leftovers.js";
import { LOCK_SUFFIX, OWNER_SUFFIX } from "./lock-owner.js";

/** A leftover candidate under the root. */
export interface LeftoverEntry {
  relative: string;
  kind: LeftoverKind;
  /** Bytes it occupies, when known. */
  size?: number;
}

export interface RecoverySettings {
  staleLockMs: number;
  durable: boolean;
}

export interface RecoveryResult {
  temps: number;
  locks: number;
  bytes: number;
}

/**
 * The leftover candidates under `root`, found from directory listings alone (no file is
 * read or stat'ed): temp files, lock directories, lock sidecars.
 */
export async function findLeftoverEntries(
  root: string,
  ctx: ErrorContext,
): Promise<LeftoverEntry[]> {
  const out: LeftoverEntry[] = [];
  const visit = async (dir: string, relative: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return;
      throw toStoreError(error, ctx, dir);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      const directory = entry.isDirectory();
      const kind = leftoverKind(classify(rel, directory));
      if (kind) out.push({ relative: rel, kind });
      else if (directory) await visit(join(dir, entry.name), rel);
    }
  };
  await visit(root, "");
  return out;
}

/**
 * Breaks a stale lock through proper-lockfile: takes it without waiting (proper-lockfile
 * removes a stale lock directory before taking it; a lock of a dead process of this host counts
 * as stale at once) and releases it. False when the lock is held by a live holder.
 */
async function breakStaleLock(target: string, settings: RecoverySettings): Promise<boolean> {
  try {
    const held = await acquireFileLock(target, {
      timeoutMs: 0,
      staleMs: settings.staleLockMs,
      durable: settings.durable,
    });
    await held.release();
    return true;
  } catch {
    return false;
  }
}

/**
 * Crash recovery, run when a repository opens and by maintain(): removes the temp files,
 * locks and lock sidecars of `entries` that {@link judgeLeftover} proves abandoned (their
 * process died, or their lock went stale). Never touches a data file, nor anything that may
 * still be in use.
 */
export async function recoverLeftovers(
  root: string,
  entries: readonly LeftoverEntry[],
  settings: RecoverySettings,
): Promise<RecoveryResult> {
  const result: RecoveryResult = { temps: 0, locks: 0, bytes: 0 };
  for (const entry of entries) {
    const verdict = await judgeLeftover(root, entry.relative, entry.kind, settings.staleLockMs);
    if (!verdict) continue;
    if (entry.kind === "lock") {
      if (await breakStaleLock(join(root, entry.relative.slice(0, -LOCK_SUFFIX.length)), settings))
        result.locks++;
      continue;
    }
    if (entry.kind === "lock-owner" && verdict.lock?.state !== "absent") {
      // Its lock is stale: break it (which also replaces and removes this sidecar).
      const target = join(root, entry.relative.slice(0, -OWNER_SUFFIX.length));
      if (await breakStaleLock(target, settings)) result.locks++;
      continue;
    }
    try {
      await unlink(verdict.path);
    } catch {
      continue; // gone meanwhile
    }
    if (entry.kind === "temp") result.temps++;
    else result.locks++;
    result.bytes += entry.size ?? 0;
  }
  return result;
}
