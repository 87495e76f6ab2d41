import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionRepository } from "@sessionkit/core";
import { createLibsqlRepository } from "@sessionkit/libsql";
import { createSqliteRepository } from "@sessionkit/sqlite";

/** A real, file-backed store the tests run against. */
export interface Backend {
  name: string;
  /** Opens (or reopens) the store's file in `dir`. */
  open(dir: string): SessionRepository;
}

/** SQLite through better-sqlite3, on `<dir>/chats.db`. */
export const sqliteBackend: Backend = {
  name: "sqlite",
  open: (dir) => createSqliteRepository({ path: join(dir, "chats.db") }),
};

/** SQLite (better-sqlite3) and libSQL (embedded, file:) — both on real files. */
export const backends: Backend[] = [
  sqliteBackend,
  {
    name: "libsql",
    open: (dir) => createLibsqlRepository({ url: `file:${join(dir, "chats.db")}` }),
  },
];

/** A fresh temporary directory and its removal. */
export function temporaryDirectory(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "sessionkit-ai-sdk-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
