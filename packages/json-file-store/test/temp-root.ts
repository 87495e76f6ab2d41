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
