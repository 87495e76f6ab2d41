import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { compareStrings, type ErrorContext } from "@sessionkit/core";
import { toStoreError } from "./errors.js";
import { decodeIdSegment, isHashedSegment, isIdSegment } from "./id-encoding.js";
import { ID_FILE, SESSION_SUFFIX, type StoreLayout } from "./layout.js";
import { readIdFile, readSessionHeader } from "./read-files.js";

/** A directory or file named by an id, with the id it holds. */
export interface NamedEntry {
  id: string;
  path: string;
}

/** Directory entries; empty when the directory does not exist. */
export async function listDirectory(dir: string, ctx: ErrorContext): Promise<string[]> {
  try {
    return await readdir(dir);
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

/** The ids of the id-named directories inside `dir`, ascending in code-point order. */
async function idDirectories(dir: string, ctx: ErrorContext): Promise<NamedEntry[]> {
  const names = (await listDirectory(dir, ctx)).filter(isIdSegment);
  const entries = await mapLimit(names, 32, async (name) => {
    const path = join(dir, name);
    const id = isHashedSegment(name)
      ? await readIdFile(join(path, ID_FILE), ctx)
      : decodeIdSegment(name);
    return id === null ? null : { id, path };
  });
  return (entries.filter((e) => e !== null) as NamedEntry[]).sort((a, b) =>
    compareStrings(a.id, b.id),
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
  const entries = await mapLimit(names, 32, async (name) => {
    const path = join(dir, name);
    const segment = name.slice(0, -SESSION_SUFFIX.length);
    if (!isHashedSegment(segment)) {
      const id = decodeIdSegment(segment);
      return id === null ? null : { id, path };
    }
    const header = await readSessionHeader(path, ctx);
    return header === null ? null : { id: header.id, path };
  });
  return (entries.filter((e) => e !== null) as NamedEntry[]).sort((a, b) =>
    compareStrings(a.id, b.id),
  );
}
