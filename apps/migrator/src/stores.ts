import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import {
  type AdapterModule,
  adapterPackages,
  openRepository,
  registerAdapter,
  type SessionRepository,
} from "@sessionkit/core";
import { notFoundError, usageError } from "@sessionkit/core/cli";
import { loadSourceModule, repositorySource, type SessionSource } from "@sessionkit/migrate";

/** A parsed legacy location. */
export type LegacySpec =
  | { kind: "json"; url: string; root: string }
  | { kind: "module"; url: string; path: string }
  | { kind: "store"; url: string };

/** URL schemes of the sessionkit stores that may be a migration's source (any adapter). */
const storeSchemes = /^(sqlite|file|libsql|https?|wss?|postgres|postgresql):/i;

/**
 * A legacy location as the migration record keeps it: a store URL without its password (a
 * later command finds it in PGPASSWORD/.pgpass, or takes the whole URL again from --legacy).
 */
export function recordedLegacy(spec: LegacySpec): string {
  return spec.kind === "store" ? withoutPassword(spec.url) : spec.url;
}

function withoutPassword(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  try {
    const parsed = new URL(url);
    if (!parsed.password) return url;
    parsed.password = "";
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * Normalises a --legacy value to an absolute, storable form:
 * `json:<dir>` (or a bare directory) → the built-in legacy layout;
 * `module:<file>` (or a bare .mjs/.js file) → a user source module;
 * a sessionkit store URL (`sqlite:`, `file:`, `libsql:`, `http(s):`, `ws(s):`, `postgres://`)
 * → that store, read through its adapter (SQLite → PostgreSQL, libSQL → SQLite, …).
 */
export function parseLegacySpec(value: string): LegacySpec {
  if (/^json:/i.test(value)) {
    const rest = value.slice(5).replace(/\?.*$/, "");
    const root = resolve(rest.startsWith("//") ? rest.slice(2) : rest);
    return { kind: "json", url: `json:${root}`, root };
  }
  if (/^module:/i.test(value)) {
    const path = resolve(value.slice(7));
    return { kind: "module", url: `module:${path}`, path };
  }
  if (storeSchemes.test(value)) {
    const url = /^sqlite:/i.test(value)
      ? `sqlite:${resolve(value.slice(7).replace(/\?.*$/, ""))}`
      : value;
    return { kind: "store", url };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[a-z]:[\\/]/i.test(value)) {
    throw usageError(
      `--legacy ${JSON.stringify(value)} is not a legacy location`,
      "use json:<directory> for the built-in legacy layout, a store URL (sqlite:<file>, postgres://…, libsql:…) or module:<file.mjs> for a source module",
    );
  }
  const abs = resolve(value);
  if (/\.(m?js|cjs)$/i.test(abs)) return { kind: "module", url: `module:${abs}`, path: abs };
  return { kind: "json", url: `json:${abs}`, root: abs };
}

/** The database file a SQL target URL names, when it is a local file (for the lock and guard). */
export function targetFile(url: string): string | null {
  const m = /^(sqlite|file):(.*)$/i.exec(url);
  if (!m) return null;
  let rest = (m[2] ?? "").replace(/\?.*$/, "");
  if (rest === ":memory:" || rest === "") return null;
  if (rest.startsWith("//")) rest = rest.slice(2);
  return isAbsolute(rest) ? rest : resolve(rest);
}

/**
 * Whether the target exists: false for a local database file (sqlite:/file:) that is missing or
 * empty (opening it would create the schema); true for remote targets, which cannot be checked
 * without opening them.
 */
export function targetExists(url: string): boolean {
  const file = targetFile(url);
  if (file === null) return true;
  return existsSync(file) && statSync(file).isFile() && statSync(file).size > 0;
}

/** Throws the not-found error for a target that does not exist (see {@link targetExists}). */
export function assertTargetExists(url: string): void {
  if (targetExists(url)) return;
  throw notFoundError(
    `[target] open ${url}: the database ${targetFile(url)} does not exist`,
    "check --target (or SESSIONKIT_MIGRATE_TARGET); only `sessionkit-migrate init` creates it (read-only commands, the other commands and dry runs never do)",
  );
}

/** The lock file for a target: next to a local database file, else in the temp directory. */
export function defaultLockFile(targetUrl: string): string {
  const file = targetFile(targetUrl);
  if (file) return `${file}.migrate-lock`;
  const digest = createHash("sha256").update(targetUrl).digest("hex").slice(0, 16);
  return join(tmpdir(), `sessionkit-migrate-${digest}.lock`);
}

/**
 * Opens a store URL with the adapter packages installed next to this CLI (registered with
 * core's openRepository, so resolution does not depend on the working directory).
 */
export async function openUrl(
  url: string,
  options: Record<string, unknown> = {},
): Promise<SessionRepository> {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0].toLowerCase();
  const pkg = scheme ? adapterPackages[scheme] : undefined;
  if (pkg) {
    try {
      registerAdapter(pkg, (await import(pkg)) as AdapterModule);
    } catch (cause) {
      if ((cause as { code?: string } | null)?.code !== "ERR_MODULE_NOT_FOUND") throw cause;
    }
  }
  return openRepository(url, options);
}

/**
 * The adapter option that turns the full-text index on or off for a target URL: `fullTextSearch`
 * for SQLite (sqlite:), `fullText` for libSQL (file:, libsql:, http(s):, ws(s):).
 */
export function fullTextOption(url: string, on: boolean): Record<string, boolean> {
  // PostgreSQL's search index is part of its schema, maintained with every write: no option.
  if (/^postgres(ql)?:/i.test(url)) return {};
  return /^sqlite:/i.test(url) ? { fullTextSearch: on } : { fullText: on };
}

/** Opens the target database (creating its schema when new). */
export async function openTarget(
  url: string,
  options: Record<string, unknown> = {},
): Promise<SessionRepository> {
  if (/^json:/i.test(url)) {
    throw usageError(
      "the target must be a SQL database (sqlite:, file:, libsql:, http(s):, postgres://)",
      "the JSON layout is the legacy side: pass it as --legacy",
    );
  }
  return openUrl(url, options);
}

/** Opens the legacy JSON store for reading and writing (repair, export). */
export async function openLegacyRepository(
  spec: LegacySpec,
  create = false,
): Promise<SessionRepository> {
  if (spec.kind === "store") return openUrl(spec.url);
  if (spec.kind !== "json") {
    throw usageError(
      `the legacy source ${spec.url} is a module, not a writable store`,
      "this command needs the built-in legacy layout (json:<directory>)",
    );
  }
  if (!create && !existsSync(spec.root)) {
    throw notFoundError(
      `[json] open legacy root: ${spec.root} does not exist`,
      "check --legacy (or the legacy location recorded by init)",
    );
  }
  if (existsSync(spec.root) && !statSync(spec.root).isDirectory()) {
    throw usageError(`the legacy root ${spec.root} is not a directory`, "check --legacy");
  }
  return openUrl(spec.url, create ? { create: true } : {});
}

/** Opens the legacy side as a source: the JSON store wrapped, or the user's module. */
export async function openLegacySource(
  spec: LegacySpec,
): Promise<{ source: SessionSource; repository: SessionRepository | null }> {
  if (spec.kind === "module")
    return { source: await loadSourceModule(spec.path), repository: null };
  const repository = await openLegacyRepository(spec);
  return { source: repositorySource(repository, spec.url), repository };
}
