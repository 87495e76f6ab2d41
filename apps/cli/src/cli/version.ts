import { readFileSync } from "node:fs";

/** The version in apps/cli/package.json (read next to dist/ at run time). */
export function cliVersion(): string {
  try {
    const url = new URL("../../package.json", import.meta.url);
    return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}
