import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh directory under the OS temp dir; `root` does not exist yet. */
export async function tempRoot(): Promise<{ dir: string; root: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "sk-json-"));
  return {
    dir,
    root: join(dir, "store"),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * `staleLockMs` for a repository that verifies a store after a SIGKILL. A kill between creating
 * a lock directory and writing its sidecar leaves a lock nothing proves dead, so it becomes
 * "stale" (an integrity problem) only `staleLockMs` after the kill; with the default 5 s a slow
 * verification on a loaded machine would report it. With this value such a lock stays "held"
 * while it is checked; the next writer (default 5 s) still breaks it.
 */
export const VERIFY_AFTER_KILL_STALE_LOCK_MS = 600_000;
