import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Runs a built snippet (dist/<name>.js) in `cwd` and returns its stdout. */
export function runSnippet(name: string, cwd: string, env: Record<string, string> = {}): string {
  const script = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", `${name}.js`);
  return execFileSync(process.execPath, [script], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
}
