import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ErrorContext } from "@sessionkit/core";
import { toStoreError } from "./errors.js";
import { LOCK_SUFFIX } from "./lock-owner.js";

/** One file under the root, with its path relative to the root and its size. */
export interface WalkedFile {
  path: string;
  relative: string;
  size: number;
  mtimeMs: number;
  /** A lock directory (`<file>.lock`, made by proper-lockfile); its size counts as 0. */
  directory?: true;
}

/**
 * Every file under `root` (depth first, sorted names), plus lock directories as entries of
 * their own (not descended into); other directories are not listed.
 */
export async function walkFiles(root: string, ctx: ErrorContext): Promise<WalkedFile[]> {
  const out: WalkedFile[] = [];
  const visit = async (dir: string, relative: string): Promise<void> => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw toStoreError(error, ctx, dir);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory() && entry.name.endsWith(LOCK_SUFFIX)) {
        try {
          const s = await stat(path);
          out.push({ path, relative: rel, size: 0, mtimeMs: s.mtimeMs, directory: true });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "ENOENT")
            throw toStoreError(error, ctx, path);
        }
      } else if (entry.isDirectory()) await visit(path, rel);
      else {
        try {
          const s = await stat(path);
          out.push({ path, relative: rel, size: s.size, mtimeMs: s.mtimeMs });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== "ENOENT")
            throw toStoreError(error, ctx, path);
        }
      }
    }
  };
  await visit(root, "");
  return out;
}
