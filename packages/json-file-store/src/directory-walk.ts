import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { ErrorContext } from "@sessionkit/core";
import { compareStrings } from "@sessionkit/core/adapter-kit";
import { toStoreError } from "./errors.js";
import { decodeIdSegment, isHashedSegment, isIdSegment } from "./id-encoding.js";
import { ID_FILE, SESSION_SUFFIX, type StoreLayout } from "./layout.js";
import { readIdFile, readSessionHeader } from "./read-files.js";

/** A directory or file named by an id, with the id it holds. */
export interface NamedEntry {
  id: string;
  path: string;
}

/**
 * Directory entries; empty when the directory does not exist. Listed synchronously: one
 * getdents call costs less than the thread-pool round trip of an asynchronous readdir, and
 * store walks (listing, scans, backfill re-checks) list thousands of small directories.
 */
export async function listDirectory(dir: string, ctx: ErrorContext): Promise<string[]> {
  try {
    return readdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return [];
    throw toStoreError(error, ctx, dir);
  }
}

/** Runs `fn` over `items` with at most `limit` at once, keeping order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Resolves directory entry names to ids: names that encode their id are decoded in place; only
 * hashed names (long ids) need a file read, `resolveHashed`, at most 32 at once. Sorted by id.
 */
async function resolveNames(
  dir: string,
  names: readonly string[],
  segmentOf: (name: string) => string,
  resolveHashed: (path: string) => Promise<string | null>,
): Promise<NamedEntry[]> {
  const out: NamedEntry[] = [];
  const hashed: string[] = [];
  for (const name of names) {
    const segment = segmentOf(name);
    if (isHashedSegment(segment)) {
      hashed.push(name);
      continue;
    }
    const id = decodeIdSegment(segment);
    if (id !== null) out.push({ id, path: join(dir, name) });
  }
  const resolved = await mapLimit(hashed, 32, async (name) => {
    const path = join(dir, name);
    const id = await resolveHashed(path);
    return id === null ? null : { id, path };
  });
  for (const entry of resolved) if (entry !== null) out.push(entry);
  return out.sort((a, b) => compareStrings(a.id, b.id));
}

/** The ids of the id-named directories inside `dir`, ascending in code-point order. */
async function idDirectories(dir: string, ctx: ErrorContext): Promise<NamedEntry[]> {
  const names = (await listDirectory(dir, ctx)).filter(isIdSegment);
  return resolveNames(
    dir,
    names,
    (name) => name,
    (path) => readIdFile(join(path, ID_FILE), ctx),
  );
}

/** Apps that have a directory. */
export function listApps(layout: StoreLayout, ctx: ErrorContext): Promise<NamedEntry[]> {
  return idDirectories(layout.appsDir, ctx);
}

/** Users of an app that have a directory. */
export function listUsers(layout: StoreLayout, appName: string, ctx: ErrorContext) {
  return idDirectories(layout.usersDir(appName), ctx);
}

/**
 * Session files of one user, ascending by session id. Hashed names are resolved by reading
 * the file's header; files that vanish meanwhile are skipped.
 */
export async function listSessionFiles(
  layout: StoreLayout,
  appName: string,
  userId: string,
  ctx: ErrorContext,
): Promise<NamedEntry[]> {
  const dir = layout.sessionsDir(appName, userId);
  const names = (await listDirectory(dir, ctx)).filter(
    (n) => n.endsWith(SESSION_SUFFIX) && isIdSegment(n.slice(0, -SESSION_SUFFIX.length)),
  );
  return resolveNames(
    dir,
    names,
    (name) => name.slice(0, -SESSION_SUFFIX.length),
    async (path) => (await readSessionHeader(path, ctx))?.id ?? null,
  );
}
