import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";

/** A fresh temporary directory and its cleanup. */
export function tempDir(prefix = "sk-sqlite-"): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Fresh database paths for the tests of one file, each in its own temporary directory, removed
 * after each test (call at the top level of the file).
 */
export function tempDbPaths(): () => string {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });
  return () => {
    const t = tempDir();
    cleanups.push(t.remove);
    return join(t.dir, "sessions.db");
  };
}
