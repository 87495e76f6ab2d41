#!/usr/bin/env node
/**
 * Generates the API reference (docs/api/index.html) from the JSDoc of the publishable packages'
 * entry points with TypeDoc, and fails when an exported symbol is undocumented or refers to an
 * unexported type.
 *
 * TypeDoc checks `notDocumented` only for a single entry point (with several, it reports
 * nothing), so each package is validated in its own run first; then one run renders the HTML.
 * Needs the packages built (cross-package types resolve through their dist/*.d.ts).
 *
 *   node scripts/docs-api.mjs           validate every package, then write docs/api
 *   node scripts/docs-api.mjs --check   validate only
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const config = join(root, "docs", "typedoc.json");
const typedoc = join(root, "node_modules", "typedoc", "bin", "typedoc");
const packages = ["core", "conformance", "sql", "sqlite", "libsql", "json-file-store", "migrate"];
const checkOnly = process.argv.includes("--check");

/** Runs TypeDoc with the shared options plus `args`; resolves with its exit status and output. */
function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [typedoc, "--options", config, ...args], { cwd: root });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("close", (code) => resolve({ ok: code === 0, output: output.trim() }));
  });
}

/** Validates one package's entry point on its own (no output written). */
async function validate(name) {
  const started = Date.now();
  const entry = join("packages", name, "src", "index.ts");
  const { ok, output } = await run(["--entryPoints", entry, "--emit", "none"]);
  const took = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `${ok ? "ok  " : "FAIL"} @sessionkit/${name} (${took}s)\n${ok ? "" : `${output}\n`}`,
  );
  return ok;
}

const failed = [];
const queue = [...packages];
const workers = Array.from({ length: Math.min(2, availableParallelism()) }, async () => {
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (!(await validate(name))) failed.push(name);
  }
});
await Promise.all(workers);
if (failed.length > 0) {
  process.stdout.write(
    `\nundocumented or unexported API in: ${failed.join(", ")} — add JSDoc to each symbol listed\n`,
  );
  process.exit(1);
}
if (!checkOnly) {
  const { ok, output } = await run([]);
  process.stdout.write(`${output}\n`);
  if (!ok) process.exit(1);
}
