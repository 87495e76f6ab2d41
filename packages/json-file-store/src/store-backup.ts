import { readdir, readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { BackupResult, ErrorContext } from "@sessionkit/core";
import { invalidArgument } from "@sessionkit/core/adapter-kit";
import { ensureDirectory, writeFileAtomic } from "./durable-fs.js";
import { toStoreError } from "./errors.js";
import { classify, type FileKind } from "./file-kind.js";
import type { FileStore } from "./file-store.js";
import { MARKER_TEXT } from "./format.js";
import { MARKER_FILE } from "./layout.js";
import { walkFiles } from "./store-walk.js";

/** Copy order: the reverse of the commit order (see the README). */
const COPY_RANK: Partial<Record<FileKind, number>> = {
  session: 0,
  id: 1,
  "user-state": 2,
  "app-state": 3,
  meta: 4,
};

/**
 * Copies the store to `destination` (a new or empty directory outside the root). Each file is
 * copied whole (writes replace files by atomic rename), sessions before user state, app state
 * and meta — the reverse of the commit order, so the copy is a state a crash could have left.
 * Not a point-in-time snapshot across sessions while other processes write. sessionkit.json is
 * written last, so an interrupted backup is never mistaken for a store.
 */
export async function backupStore(
  store: FileStore,
  destination: string,
  ctx: ErrorContext,
): Promise<BackupResult> {
  const target = resolve(destination);
  const inside = relative(store.root, target);
  if (inside === "" || (!inside.startsWith("..") && !isAbsolute(inside))) {
    throw invalidArgument(ctx, "destination", "must be outside the store root");
  }
  try {
    await ensureDirectory(target, true);
    if ((await readdir(target)).length > 0) {
      throw invalidArgument(
        ctx,
        "destination",
        `${target} is not empty; back up into a new or empty directory`,
      );
    }
    const copied = (await walkFiles(store.root, ctx))
      .map((f) => ({ f, rank: COPY_RANK[classify(f.relative, f.directory)] }))
      .filter((x): x is { f: (typeof x)["f"]; rank: number } => x.rank !== undefined)
      .sort((a, b) => a.rank - b.rank);
    let bytes = 0;
    for (const { f } of copied) {
      let data: Buffer;
      try {
        data = await readFile(f.path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") continue; // deleted meanwhile
        throw error;
      }
      const out = join(target, f.relative);
      await ensureDirectory(dirname(out), store.settings.durable);
      await writeFileAtomic(out, data, store.settings.durable);
      bytes += data.length;
    }
    await writeFileAtomic(join(target, MARKER_FILE), MARKER_TEXT, true);
    return { destination: target, bytes: bytes + MARKER_TEXT.length };
  } catch (error) {
    throw toStoreError(error, ctx, target);
  }
}
