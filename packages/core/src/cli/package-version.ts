import { readFileSync } from "node:fs";

/**
 * The `version` of the package.json at `url` (for `--version`; a CLI passes the URL of its own
 * package.json relative to `import.meta.url`), or `"unknown"` when it cannot be read.
 */
export function readPackageVersion(url: URL): string {
  try {
    const version = (JSON.parse(readFileSync(url, "utf8")) as { version?: unknown }).version;
    return typeof version === "string" ? version : "unknown";
  } catch {
    return "unknown";
  }
}
