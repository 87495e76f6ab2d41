import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { redactUrl } from "@sessionkit/core/adapter-kit";
import { usageError } from "@sessionkit/core/cli";

/** Where a store URL points, as far as the CLI needs to know before opening it. */
export type StoreLocation =
  /** A SQLite database file (sqlite:, file:). */
  | { kind: "database-file"; path: string }
  /** A legacy JSON store directory (json:). */
  | { kind: "json-root"; root: string }
  /** In memory: nothing to check, nothing persists after the command. */
  | { kind: "memory" }
  /** On a server (libsql:, http(s):, ws(s):, postgres:): existence is the server's business. */
  | { kind: "remote" };

const REMOTE_SCHEMES = new Set([
  "libsql:",
  "http:",
  "https:",
  "ws:",
  "wss:",
  "postgres:",
  "postgresql:",
]);

/** Reads the scheme and local path of a store URL; a URL with an unknown scheme is a usage error. */
export function storeLocation(url: string): StoreLocation {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0]?.toLowerCase();
  const rest = scheme ? url.slice(scheme.length) : "";
  switch (scheme) {
    case "memory:":
      return { kind: "memory" };
    case "sqlite:":
      return sqliteLocation(url, rest);
    case "file:":
      return withoutQuery(rest) === ":memory:"
        ? { kind: "memory" }
        : { kind: "database-file", path: filePath(url) };
    case "json:":
      return { kind: "json-root", root: jsonRoot(url, rest) };
    default:
      if (scheme && REMOTE_SCHEMES.has(scheme)) return { kind: "remote" };
      throw usageError(
        `"${redactUrl(url)}" is not a store URL sessionkit knows`,
        "use memory:, sqlite:<file>, file:<file>, libsql://<host>, http(s)://<host>, ws(s)://<host>, postgres://<user>@<host>/<database>[?schema=<name>] or json:<directory>",
      );
  }
}

/** As @sessionkit/sqlite reads it: `sqlite:/abs`, `sqlite:///abs`, `sqlite:rel`, `sqlite::memory:`. */
function sqliteLocation(url: string, rest: string): StoreLocation {
  const path = rest.startsWith("//") ? rest.slice(2) : rest;
  if (path === ":memory:") return { kind: "memory" };
  if (path === "") throw noPath(url, "sqlite:/path/to/sessions.db");
  return { kind: "database-file", path: resolve(path) };
}

/** As @sessionkit/json-file-store reads it: query removed, `//` as a file URL, %-decoded. */
function jsonRoot(url: string, rest: string): string {
  let path = withoutQuery(rest);
  if (path.startsWith("//")) path = fileURLToPath(`file:${path}`);
  if (path === "") throw noPath(url, "json:/path/to/store");
  return resolve(decodeURIComponent(path));
}

/** `file:` follows the file-URL rules (`file:///abs`), and also accepts `file:relative.db`. */
function filePath(url: string): string {
  const rest = withoutQuery(url.slice("file:".length));
  if (rest === "") throw noPath(url, "file:/path/to/sessions.db");
  if (rest.startsWith("//")) return fileURLToPath(withoutQuery(url));
  return resolve(decodeURIComponent(rest));
}

function withoutQuery(text: string): string {
  const at = text.indexOf("?");
  return at === -1 ? text : text.slice(0, at);
}

function noPath(url: string, example: string) {
  return usageError(`"${url}" names no file or directory`, `give a path, e.g. ${example}`);
}
