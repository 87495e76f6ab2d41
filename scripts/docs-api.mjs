#!/usr/bin/env node
/**
 * Generates the API reference (docs/api/index.html) from the JSDoc of the publishable packages'
 * entry points with TypeDoc (docs/typedoc.json, one module per package), and fails when an
 * exported symbol has no documentation comment or refers to a type that is not exported
 * (validation notDocumented / notExported, warnings treated as errors).
 * Needs the packages built: cross-package types resolve through their dist/*.d.ts.
 *
 *   node scripts/docs-api.mjs           validate, then write docs/api
 *   node scripts/docs-api.mjs --check   validate only (nothing written)
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const typedoc = join(root, "node_modules", "typedoc", "bin", "typedoc");
const args = [typedoc, "--options", join(root, "docs", "typedoc.json")];
if (process.argv.includes("--check")) args.push("--emit", "none");

const started = Date.now();
const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (result.status !== 0) {
  process.stderr.write(
    `docs:api failed after ${seconds}s: document every symbol listed above (JSDoc) or export the referenced type\n`,
  );
  process.exit(result.status ?? 1);
}
process.stdout.write(`docs:api passed in ${seconds}s\n`);
