import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Total size in bytes of the regular files under `dir` (recursively); 0 when it is missing. */
export function directoryBytes(dir: string): number {
  let total = 0;
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += directoryBytes(path);
    else if (entry.isFile()) {
      try {
        total += statSync(path).size;
      } catch {
        // removed meanwhile (a temp file)
      }
    }
  }
  return total;
}
