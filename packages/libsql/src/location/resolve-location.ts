import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SessionKitError } from "@sessionkit/core";

/** What a URL (plus `syncUrl`) designates. */
export type Location =
  | { kind: "memory"; display: string }
  | { kind: "file"; path: string; display: string }
  | { kind: "replica"; path: string; syncUrl: string; display: string }
  | { kind: "remote"; url: string; protocol: "http" | "ws"; display: string };

const REMOTE = /^(https?|wss?|libsql):\/\//i;

/**
 * Parses a libSQL URL. `file:` paths are resolved against the working directory, so two
 * spellings of one file share one connection. Query strings on file URLs are not supported.
 * @throws INVALID_ARGUMENT naming the URL and the accepted forms.
 */
export function resolveLocation(url: string, syncUrl: string | undefined): Location {
  const ctx = { adapter: "libsql", operation: "open", subject: JSON.stringify(url) };
  const invalid = (problem: string) =>
    new SessionKitError({
      ...ctx,
      code: "INVALID_ARGUMENT",
      path: "url",
      problem,
      remedy:
        "use file:/abs/path.db, file:relative.db, :memory:, http(s)://host, ws(s)://host or libsql://host",
    });
  if (typeof url !== "string" || url.length === 0)
    throw invalid("the URL must be a non-empty string");
  if (url === ":memory:" || url === "file::memory:") {
    if (syncUrl) throw invalid("an embedded replica needs a file, not :memory:");
    return { kind: "memory", display: ":memory:" };
  }
  if (REMOTE.test(url)) {
    if (syncUrl)
      throw invalid("syncUrl goes with a file: URL (the local replica), not a remote URL");
    const scheme = url.slice(0, url.indexOf(":")).toLowerCase();
    const protocol = scheme.startsWith("ws") ? "ws" : "http";
    return { kind: "remote", url, protocol, display: redact(url) };
  }
  if (url.toLowerCase().startsWith("file:")) {
    const path = filePath(url, invalid);
    if (syncUrl !== undefined) {
      if (!/^(https?|libsql):\/\//i.test(syncUrl)) {
        throw invalid(
          `syncUrl ${JSON.stringify(syncUrl)} must be an http(s):// or libsql:// URL (replication does not run over WebSocket)`,
        );
      }
      return { kind: "replica", path, syncUrl, display: `${path} (replica of ${redact(syncUrl)})` };
    }
    return { kind: "file", path, display: path };
  }
  throw invalid("the scheme is not one libSQL serves");
}

function filePath(url: string, invalid: (problem: string) => SessionKitError): string {
  if (url.includes("?")) throw invalid("query parameters on file: URLs are not supported");
  let path: string;
  if (url.startsWith("file://")) {
    try {
      path = fileURLToPath(url);
    } catch (cause) {
      const error = invalid(`not a valid file URL (${(cause as Error).message})`);
      throw error;
    }
  } else {
    path = decodeURIComponent(url.slice("file:".length));
  }
  if (path.length === 0) throw invalid("the file path is empty");
  if (path === ":memory:") return path;
  return isAbsolute(path) ? path : resolve(path);
}

/** The URL without credentials, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//***@").replace(/(authToken=)[^&]*/i, "$1***");
}
