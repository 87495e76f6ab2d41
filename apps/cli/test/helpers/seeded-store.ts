import { afterEach, beforeEach } from "vitest";
import { seedStore } from "./seed.js";
import { type StoreKind, withRepo } from "./stores.js";
import { tempDir } from "./temp-dir.js";

/**
 * Gives every test of the enclosing describe block a fresh store of `kind`, seeded with
 * `seedStore`, in its own temporary directory (removed afterwards). Returns the store URL.
 */
export function useSeededStore(kind: StoreKind): () => string {
  let remove: () => Promise<void> = async () => {};
  let db = "";
  beforeEach(async () => {
    const temp = await tempDir();
    remove = temp.remove;
    db = kind.url(temp.dir);
    await withRepo(kind, db, (repo) => seedStore(repo));
  });
  afterEach(async () => {
    await remove();
  });
  return () => db;
}
