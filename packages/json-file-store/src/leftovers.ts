import type { Stats } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { isProcessAlive, TEMP_NAME } from "./durable-fs.js";
import { classify, type FileKind } from "./file-kind.js";
import { isDeadOwner, LOCK_SUFFIX, ownerPathOf, readLockOwner } from "./lock-owner.js";

/** A temp file older than this is abandoned whatever else is known (no write takes so long). */
export const ABANDONED_TEMP_MS = 10 * 60_000;

/** What interrupted writes leave behind. */
export type LeftoverKind = "temp" | "lock" | "lock-owner";

/** A leftover that nothing will use any more, with the proof. */
export interface Leftover {
  path: string;
  kind: LeftoverKind;
  reason: string;
  /** For a lock or sidecar: the state of the lock directory. */
  lock?: LockState;
}

/** The state of the lock directory `<target>.lock` right now. */
export type LockState =
  | { state: "absent" }
  | { state: "held" }
  | { state: "dead-owner"; pid: number }
  | { state: "stale"; ageMs: number };

/** Reads (never changes) a lock directory and its sidecar. */
export async function lockState(lockPath: string, staleMs: number): Promise<LockState> {
  let stats: Stats;
  try {
    stats = await stat(lockPath);
  } catch {
    return { state: "absent" };
  }
  const owner = await readLockOwner(ownerPathOf(lockPath));
  if (owner && isDeadOwner(owner, stats)) return { state: "dead-owner", pid: owner.pid };
  const ageMs = Date.now() - stats.mtimeMs;
  return ageMs > staleMs ? { state: "stale", ageMs } : { state: "held" };
}

/** Files written only under their lock: a temp file of one can exist only while it is held. */
const LOCKED_KINDS: ReadonlySet<FileKind> = new Set(["session", "app-state", "user-state", "meta"]);

function describeLock(lock: LockState, staleMs: number): string {
  if (lock.state === "dead-owner")
    return `its holder, pid ${lock.pid} of this host, is no longer running`;
  if (lock.state === "stale")
    return `it was not refreshed for ${Math.round(lock.ageMs)} ms (staleLockMs ${staleMs})`;
  return "it no longer exists";
}

/**
 * Judges one leftover candidate by reading it (nothing is changed): null while it may still be
 * in use. The proofs:
 * - a temp file of a locked file (session, state, meta) whose lock is, after the temp file was
 *   seen, not held by a live holder: its writer is gone (a writer keeps the lock until its
 *   rename, and the rename removes the temp file);
 * - a temp file of another file (id.json, the marker) whose writer pid is not running on this
 *   host and which is older than `staleMs`; any temp file older than 10 minutes;
 * - a lock whose sidecar proves its holder a dead process of this host, or not refreshed for
 *   `staleMs`;
 * - a sidecar whose lock directory is gone, stale or dead.
 */
export async function judgeLeftover(
  root: string,
  relative: string,
  kind: LeftoverKind,
  staleMs: number,
): Promise<Leftover | null> {
  const path = join(root, relative);
  if (kind === "lock") {
    const lock = await lockState(path, staleMs);
    if (lock.state === "held" || lock.state === "absent") return null;
    return { path, kind, reason: `stale lock: ${describeLock(lock, staleMs)}`, lock };
  }
  if (kind === "lock-owner") {
    const lock = await lockState(path.slice(0, -".owner".length), staleMs);
    if (lock.state === "held") return null;
    return { path, kind, reason: `sidecar of a stale lock: ${describeLock(lock, staleMs)}`, lock };
  }
  let ageMs: number;
  try {
    ageMs = Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return null; // renamed into place meanwhile
  }
  if (ageMs > ABANDONED_TEMP_MS) {
    return { path, kind, reason: "temp file older than 10 minutes (no write takes so long)" };
  }
  const target = relative.replace(TEMP_NAME, "");
  if (LOCKED_KINDS.has(classify(target))) {
    const lock = await lockState(join(root, target + LOCK_SUFFIX), staleMs);
    if (lock.state === "held") return null;
    return {
      path,
      kind,
      reason: `temp file of an interrupted write: the lock on ${target} is not held (${describeLock(lock, staleMs)})`,
    };
  }
  const pid = Number(TEMP_NAME.exec(relative)?.[1]);
  if (!isProcessAlive(pid) && ageMs > staleMs) {
    return { path, kind, reason: `temp file of pid ${pid}, which is not running on this host` };
  }
  return null;
}

/** The leftover kind of a walked entry, if it is one. */
export function leftoverKind(kind: FileKind): LeftoverKind | null {
  return kind === "temp" || kind === "lock" || kind === "lock-owner" ? kind : null;
}
