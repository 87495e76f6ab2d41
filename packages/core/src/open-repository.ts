import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { SessionRepository } from "./contract/session-repository.js";
import { SessionKitError } from "./errors/session-kit-error.js";
import { MemoryRepository, type MemoryRepositoryOptions } from "./memory/memory-repository.js";

/** Which adapter package serves each URL scheme. */
export const adapterPackages: Readonly<Record<string, string>> = Object.freeze({
  "sqlite:": "@sessionkit/sqlite",
  "file:": "@sessionkit/libsql",
  "libsql:": "@sessionkit/libsql",
  "http:": "@sessionkit/libsql",
  "https:": "@sessionkit/libsql",
  "ws:": "@sessionkit/libsql",
  "wss:": "@sessionkit/libsql",
  "json:": "@sessionkit/json-file-store",
  "postgres:": "@sessionkit/postgres",
  "postgresql:": "@sessionkit/postgres",
});

/** What an adapter package exports for openRepository. */
export interface AdapterModule {
  /** Opens (and migrates) the store at `url` with adapter-specific options. */
  openFromUrl(url: string, options?: Record<string, unknown>): Promise<SessionRepository>;
}

const registered = new Map<string, AdapterModule>();

/**
 * Registers an adapter module for a package name, so openRepository finds it without a dynamic
 * import (useful in bundled apps and when the adapter is not resolvable from @sessionkit/core).
 */
export function registerAdapter(packageName: string, module: AdapterModule): void {
  registered.set(packageName, module);
}

/** Imports an adapter package: registered first, then from core's location, then from the cwd. */
async function loadAdapter(pkg: string): Promise<AdapterModule | null> {
  const known = registered.get(pkg);
  if (known) return known;
  try {
    return (await import(pkg)) as AdapterModule;
  } catch (cause) {
    if ((cause as { code?: string })?.code !== "ERR_MODULE_NOT_FOUND") throw cause;
  }
  try {
    const resolved = createRequire(join(process.cwd(), "noop.js")).resolve(pkg);
    return (await import(pathToFileURL(resolved).href)) as AdapterModule;
  } catch {
    return null;
  }
}

/**
 * Opens a repository from a URL: `memory:`; `sqlite:path` (better-sqlite3);
 * `file:`, `libsql:`, `http(s):`, `ws(s):` (libSQL); `json:path` (legacy JSON files);
 * `postgres://` and `postgresql://` (PostgreSQL).
 * The adapter package is imported on demand; a missing one gives a SessionKitError saying which
 * package to install. Options are passed to the adapter.
 * @throws INVALID_ARGUMENT for an unknown scheme; UNSUPPORTED when the adapter is not installed.
 */
export async function openRepository(
  url: string,
  options: Record<string, unknown> = {},
): Promise<SessionRepository> {
  const ctx = { adapter: "core", operation: "openRepository", subject: JSON.stringify(url) };
  if (typeof url !== "string" || url.length === 0) {
    throw new SessionKitError({
      ...ctx,
      code: "INVALID_ARGUMENT",
      problem: "the URL must be a non-empty string",
      path: "url",
    });
  }
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0].toLowerCase();
  if (scheme === "memory:") return new MemoryRepository(options as MemoryRepositoryOptions);
  const pkg = scheme ? adapterPackages[scheme] : undefined;
  if (!pkg) {
    throw new SessionKitError({
      ...ctx,
      code: "INVALID_ARGUMENT",
      path: "url",
      problem: `unknown URL scheme ${scheme ?? "(none)"}`,
      remedy: `use one of memory:, ${Object.keys(adapterPackages).join(", ")}`,
    });
  }
  const mod = await loadAdapter(pkg);
  if (!mod) {
    throw new SessionKitError({
      ...ctx,
      code: "UNSUPPORTED",
      problem: `the adapter for ${scheme} URLs is not installed`,
      remedy: `install ${pkg} to open ${scheme} URLs`,
    });
  }
  return mod.openFromUrl(url, options);
}
