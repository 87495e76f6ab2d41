#!/usr/bin/env node
/**
 * Fresh-machine install check: clones the repository's HEAD into a temporary directory and runs
 * the README's quick-start command there (`npx --yes pnpm@10.34.8 install && … demo`) as a new
 * user would: HOME points at an empty directory (no npm user config, no npm cache, a cold pnpm
 * store), every npm_config_* / NPM_CONFIG_* / PNPM_* / XDG_* variable is removed, so nothing
 * tells node-gyp where Node's headers are. better-sqlite3 must still build (.pnpmfile.cjs finds
 * the headers installed with Node) and the demo must run on it. Only committed files are checked.
 *
 *   node scripts/fresh-install.mjs [--keep]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(join(tmpdir(), "sessionkit-fresh-"));
const home = join(work, "home");
const clone = join(work, "sessionkit");
mkdirSync(home);

const env = { HOME: home, PATH: process.env.PATH ?? "/usr/bin:/bin" };
for (const [key, value] of Object.entries(process.env)) {
  if (/^(npm_|NPM_|PNPM_|XDG_|HOME$|PATH$|INIT_CWD$|TURBO_)/i.test(key)) continue;
  env[key] = value;
}

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;

function step(title, command, args, cwd) {
  process.stdout.write(`== fresh install: ${title} (${elapsed()})\n`);
  const result = spawnSync(command, args, { cwd, env, stdio: "inherit" });
  if (result.status !== 0) {
    process.stderr.write(
      `fresh-install: "${[command, ...args].join(" ")}" failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}) in ${cwd} with HOME=${home} and no npm configuration. ` +
        "If node-gyp tried to download headers, see .pnpmfile.cjs (it points node-gyp at the headers installed with Node); rerun with --keep to inspect the clone.\n",
    );
    process.exit(1);
  }
}

try {
  step("clone HEAD", "git", ["clone", "--quiet", "--no-local", root, clone], work);
  // The README's quick start, verbatim.
  step("npx --yes pnpm@10.34.8 install", "npx", ["--yes", "pnpm@10.34.8", "install"], clone);
  step("npx --yes pnpm@10.34.8 demo", "npx", ["--yes", "pnpm@10.34.8", "demo"], clone);
  process.stdout.write(`fresh install check passed in ${elapsed()}\n`);
} finally {
  if (process.argv.includes("--keep")) process.stdout.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
