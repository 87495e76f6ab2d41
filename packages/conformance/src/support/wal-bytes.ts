import { statSync } from "node:fs";

/** The size of a SQLite database's `-wal` file in bytes, 0 when there is none. */
export function walBytes(path: string): number {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}
