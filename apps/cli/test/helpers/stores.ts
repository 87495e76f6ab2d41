import { join } from "node:path";
import type { SessionRepository } from "@sessionkit/core";

/** A real store engine the CLI is tested against. */
export interface StoreKind {
  name: string;
  /** The store URL for a fresh store inside `dir`. */
  url(dir: string): string;
  /** Opens the store in the test process (to seed it or to write while the CLI watches). */
  open(url: string): Promise<SessionRepository>;
}

export const SQLITE: StoreKind = {
  name: "sqlite",
  url: (dir) => `sqlite:${join(dir, "sessions.db")}`,
  open: async (url) => (await import("@sessionkit/sqlite")).openFromUrl(url),
};

export const JSON_FILES: StoreKind = {
  name: "json",
  url: (dir) => `json:${join(dir, "store")}`,
  open: async (url) =>
    (await import("@sessionkit/json-file-store")).openFromUrl(url, { create: true }),
};

/** libSQL embedded (a local file through @libsql/client). */
export const LIBSQL_FILE: StoreKind = {
  name: "libsql",
  url: (dir) => `file:${join(dir, "sessions-libsql.db")}`,
  open: async (url) => (await import("@sessionkit/libsql")).openFromUrl(url),
};

/** Every kind each command is tested against. */
export const STORE_KINDS: StoreKind[] = [SQLITE, JSON_FILES, LIBSQL_FILE];

/** Opens the store, runs `fn`, closes it. */
export async function withRepo<T>(
  kind: StoreKind,
  url: string,
  fn: (repo: SessionRepository) => Promise<T>,
): Promise<T> {
  const repo = await kind.open(url);
  try {
    return await fn(repo);
  } finally {
    await repo.close();
  }
}
