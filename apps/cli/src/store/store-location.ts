import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { usageError } from "../cli/cli-error.js";

/** Where a store URL points, as far as the CLI needs to know before opening it. */
export type StoreLocation =
  /** A SQLite database file (sqlite:, file:). */
  | { kind: "database-file"; path: string }
  /** A legacy JSON store directory (json:). */
  | { kind: "json-root"; root: string }
  /** In memory: nothing to check, nothing persists after the command. */
  | { kind: "memory" }
  /** On another machine (libsql:, http(s):, ws(s):): existence is the server's business. */
  | { kind: "remote" };

const REMOTE_SCHEMES = new Set(["libsql:", "http:", "https:", "ws:", "wss:"]);

/** Reads the scheme and local path of a store URL; a URL with an unknown scheme is a usage error. */
export function storeLocation(url: string): StoreLocation {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0]?.toLowerCase();
  const rest = scheme ? url.slice(scheme.length) : "";
  switch (scheme) {
    case "memory:":
      return { kind: "memory" };
    case "sqlite:":
      return isMemoryPath(rest)
        ? { kind: "memory" }
        : { kind: "database-file", path: localPath(rest) };
    case "file:":
      return isMemoryPath(rest)
        ? { kind: "memory" }
        : { kind: "database-file", path: filePath(url) };
    case "json:":
      return { kind: "json-root", root: localPath(rest) };
    default:
      if (scheme && REMOTE_SCHEMES.has(scheme)) return { kind: "remote" };
      throw usageError(
        `"${url}" is not a store URL sessionkit knows`,
        "use memory:, sqlite:<file>, file:<file>, libsql://<host>, http(s)://<host>, ws(s)://<host> or json:<directory>",
      );
  }
}

function isMemoryPath(rest: string): boolean {
  return withoutQuery(rest) === ":memory:" || rest === "";
}

/** `sqlite:` and `json:` take a plain path; `//` before an absolute path is tolerated. */
function localPath(rest: string): string {
  const path = withoutQuery(rest);
  return resolve(path.startsWith("///") ? path.slice(2) : path);
}

/** `file:` follows the file-URL rules (`file:///abs`), and also accepts `file:relative.db`. */
function filePath(url: string): string {
  const rest = withoutQuery(url.slice("file:".length));
  if (rest.startsWith("//")) return fileURLToPath(withoutQuery(url));
  return resolve(decodeURIComponent(rest));
}

function withoutQuery(text: string): string {
  const at = text.indexOf("?");
  return at === -1 ? text : text.slice(0, at);
}
