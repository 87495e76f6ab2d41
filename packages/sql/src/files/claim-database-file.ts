import { realpathSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { type ErrorContext, SessionKitError } from "@sessionkit/core";

interface Claim {
  engine: string;
  holders: number;
}

// On globalThis under a registered symbol, so every copy of this package in the process agrees.
const REGISTRY = Symbol.for("@sessionkit/sql/database-file-claims");

function claims(): Map<string, Claim> {
  const g = globalThis as { [REGISTRY]?: Map<string, Claim> };
  g[REGISTRY] ??= new Map();
  return g[REGISTRY];
}

/** The canonical path of a database file (its directory resolved through symlinks when it exists). */
function canonical(path: string): string {
  const absolute = resolve(path);
  try {
    return join(realpathSync(dirname(absolute)), basename(absolute));
  } catch {
    return absolute;
  }
}

/**
 * Records that `engine` (e.g. "better-sqlite3", "libsql") opens the database file at `path` in
 * this process, and returns the release. Two SQLite libraries in one process do not see each
 * other's POSIX locks, so one file opened through both can be corrupted: a claim by another
 * engine throws UNSUPPORTED and opens nothing.
 */
export function claimDatabaseFile(path: string, engine: string, ctx: ErrorContext): () => void {
  const key = canonical(path);
  const map = claims();
  const current = map.get(key);
  if (current && current.engine !== engine) {
    throw new SessionKitError({
      ...ctx,
      subject: key,
      code: "UNSUPPORTED",
      problem: `the file is already open in this process through ${current.engine}; opening it through ${engine} as well could corrupt it (two SQLite libraries do not share locks)`,
      remedy:
        "open every repository on this file with the same adapter in one process, or use separate processes",
    });
  }
  const claim = current ?? { engine, holders: 0 };
  claim.holders++;
  map.set(key, claim);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    claim.holders--;
    if (claim.holders === 0 && map.get(key) === claim) map.delete(key);
  };
}
