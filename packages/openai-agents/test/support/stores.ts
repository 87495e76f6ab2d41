import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryRepository, type SessionRepository } from "@sessionkit/core";
import { openFromUrl as openLibsql } from "@sessionkit/libsql";
import { openFromUrl as openSqlite } from "@sessionkit/sqlite";

/** A real store of each kind the tests run on, in its own temporary directory. */
export interface StoreKind {
  name: "memory" | "sqlite" | "libsql";
  /** Opens the store at `url` (a fresh one when omitted) and returns it with its URL. */
  open(url?: string): Promise<{ repository: SessionRepository; url: string }>;
}

const directories: string[] = [];

/** A new temporary directory, removed by {@link removeTemporaryDirectories}. */
export function temporaryDirectory(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `sessionkit-openai-agents-${prefix}-`));
  directories.push(dir);
  return dir;
}

/** Removes every directory {@link temporaryDirectory} made. */
export function removeTemporaryDirectories(): void {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const storeKinds: StoreKind[] = [
  {
    name: "memory",
    open: async () => ({ repository: new MemoryRepository(), url: "memory:" }),
  },
  {
    name: "sqlite",
    open: async (url = `sqlite:${join(temporaryDirectory("sqlite"), "agents.db")}`) => ({
      repository: await openSqlite(url),
      url,
    }),
  },
  {
    name: "libsql",
    open: async (url = `file:${join(temporaryDirectory("libsql"), "agents.db")}`) => ({
      repository: await openLibsql(url),
      url,
    }),
  },
];
