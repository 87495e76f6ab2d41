/**
 * The workspace's better-sqlite3 (the version the lockfile pins, compiled for the machine's Node
 * by `pnpm install`) — shared by scripts/node-matrix.mjs (which compiles it for other Node majors)
 * and scripts/pack-smoke.mjs (which reuses the compiled addon as a local prebuilt binary).
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * @param {string} root the repository root
 * @returns {{ dir: string, version: string, binding: string }} the package directory, its
 *   version and the compiled addon (build/Release/better_sqlite3.node)
 */
export function workspaceBetterSqlite(root) {
  const requireFromSqlite = createRequire(join(root, "packages", "sqlite", "package.json"));
  let dir;
  try {
    dir = dirname(requireFromSqlite.resolve("better-sqlite3/package.json"));
  } catch (error) {
    throw new Error(
      `better-sqlite3 is not installed (${error.message}): run \`pnpm install\` first`,
    );
  }
  const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const binding = join(dir, "build", "Release", "better_sqlite3.node");
  if (!existsSync(binding)) {
    throw new Error(`${binding} is missing: run \`pnpm install\` (it builds better-sqlite3) first`);
  }
  return { dir, version, binding };
}
