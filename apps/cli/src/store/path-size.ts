import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

/** Bytes under `path` (a file, or a directory counted recursively); 0 when it does not exist. */
export async function pathSize(path: string): Promise<number> {
  try {
    const info = await lstat(path);
    if (!info.isDirectory()) return info.size;
    let total = 0;
    for (const entry of await readdir(path)) total += await pathSize(join(path, entry));
    return total;
  } catch {
    return 0;
  }
}
