/**
 * Runs the adapter conformance suites on another Node major version than the one that installed
 * the workspace (CI runs the full suite on the machine's Node and this on the others).
 *
 *   node scripts/node-matrix.mjs prepare <major>...        fetch Node <major>, build better-sqlite3 for it
 *   node scripts/node-matrix.mjs test <major>...           prepare, then run the conformance suites on it
 *   node scripts/node-matrix.mjs packed <dir> <major>...   prepare, then run the guide's example in the
 *                                                         project `pnpm pack:smoke --keep-in <dir>` left
 *
 * - Node comes from the npm registry: the platform package `node-<platform>-<arch>@<major>` (what
 *   the `node` package installs) carries `bin/node` and the headers in `include/node`, so nothing
 *   but npm is downloaded. Cached in node_modules/.cache/sessionkit-node/<major>/.
 * - better-sqlite3 is a native module built for one Node ABI. The workspace's own copy (the
 *   version the lockfile pins, sources included) is copied and compiled with node-gyp against
 *   that Node's headers (npm_config_nodedir), once per version, into the cache. During `test`,
 *   a module resolution hook (node-matrix/redirect-better-sqlite3.mjs, through NODE_OPTIONS so
 *   vitest's workers and the tests' child processes get it too) sends every import of the
 *   workspace's better-sqlite3 to that copy: nothing in the workspace changes, so the majors run
 *   beside the full suite on the machine's Node (one major after the other).
 * - `prepare` for several versions compiles them in parallel (one compiler each).
 * - The suites (SUITES below): the memory reference (packages/conformance), the conformance
 *   suites of sqlite, json-file-store and embedded libSQL, and libSQL's remote transport over
 *   http:// (Node's fetch). Packages must be built.
 * - `packed`: the smoke project has better-sqlite3 at the workspace's version (scripts/pack-smoke.mjs);
 *   its addon is swapped for the copy compiled for each major in turn (and put back), and the
 *   guide's example, compiled there under strict TypeScript, must print what the guide says.
 */
import { execFileSync, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runGuideExample } from "./lib/guide-example.mjs";
import { workspaceBetterSqlite } from "./lib/workspace-better-sqlite.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cacheRoot = join(root, "node_modules", ".cache", "sessionkit-node");
const redirectHook = join(root, "scripts", "node-matrix", "redirect-better-sqlite3.mjs");

/**
 * The test files of each package run on the other majors, relative to the package directory:
 * the adapter conformance suites of everything native or filesystem-bound (better-sqlite3, the
 * libSQL binding, the JSON files and their locks, worker threads), which is what differs between
 * Node majors. The network clients run their full conformance suites on the full-suite Node only:
 * remote libSQL over http:// goes through Node's own fetch (undici, different in every major), so
 * its transport is checked here by the remote-append files (one-request appends, group commit
 * under SIGKILLs of a writer), the embedded replica's sync and JWT auth — seconds instead of the
 * 200 s of a second remote conformance run per major; ws:// goes through the `ws` package and
 * PostgreSQL through `pg`, the same JavaScript on every Node. (Cutting those two full runs took
 * ~500 CPU-seconds off a 2-core CI.)
 */
const SUITES = [
  ["packages/conformance", ["test/memory.test.ts"]],
  ["packages/sqlite", ["test/conformance.test.ts", "test/background-checkpoint.test.ts"]],
  ["packages/json-file-store", ["test/conformance.test.ts"]],
  [
    "packages/libsql",
    [
      "test/conformance-file.test.ts",
      "test/conformance-memory.test.ts",
      "test/conformance-client-driver.test.ts",
      "test/remote-append.test.ts",
      "test/remote-append-group.test.ts",
      "test/replica.test.ts",
      "test/auth.test.ts",
    ],
  ],
];

function fail(message) {
  process.stderr.write(`node-matrix: ${message}\n`);
  process.exit(1);
}

const [command, ...rest] = process.argv.slice(2);
const packedWork = command === "packed" ? rest.shift() : undefined;
const majors = rest;
if (!["prepare", "test", "packed"].includes(command) || majors.length === 0) {
  fail(
    "usage: node scripts/node-matrix.mjs prepare|test <major>... | packed <pack-smoke-dir> <major>... (e.g. `test 22 24`)",
  );
}
for (const major of majors) {
  if (!/^\d+$/.test(major)) fail(`"${major}" is not a Node major version (e.g. 22)`);
}

let betterSqlite;
try {
  betterSqlite = workspaceBetterSqlite(root);
} catch (error) {
  fail(error.message);
}
const { dir: betterSqliteDir, version: betterSqliteVersion } = betterSqlite;

/** node-gyp as bundled with npm (the one `npm install` uses for native modules). */
function nodeGyp() {
  const npmRoot = execFileSync("npm", ["root", "-g"], { encoding: "utf8" }).trim();
  const candidate = join(npmRoot, "npm", "node_modules", "node-gyp", "bin", "node-gyp.js");
  if (!existsSync(candidate)) {
    fail(`node-gyp was not found at ${candidate} (it ships with npm): reinstall npm`);
  }
  return candidate;
}

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", ...options });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} exited with ${signal ?? code}`));
    });
  });
}

/** Downloads Node <major> from npm once; returns its directory (bin/node, include/node). */
function fetchNode(major) {
  const dir = join(cacheRoot, major, "node");
  const bin = join(dir, "bin", "node");
  if (!existsSync(bin)) {
    const platformPackage = `node-${process.platform}-${process.arch}@${major}`;
    const work = join(cacheRoot, major, "download");
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    process.stdout.write(`== node ${major}: npm pack ${platformPackage}\n`);
    try {
      execFileSync(
        "npm",
        ["pack", platformPackage, "--pack-destination", work, "--loglevel=error"],
        { stdio: ["ignore", "ignore", "inherit"] },
      );
    } catch {
      fail(
        `could not fetch ${platformPackage} from the npm registry (is this platform published as node-${process.platform}-${process.arch}? is the registry reachable?)`,
      );
    }
    const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
    if (!tarball) fail(`npm pack ${platformPackage} wrote no tarball into ${work}`);
    execFileSync("tar", ["xzf", join(work, tarball), "-C", work]);
    rmSync(dir, { recursive: true, force: true });
    renameSync(join(work, "package"), dir);
    rmSync(work, { recursive: true, force: true });
  }
  const version = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
  if (!version.startsWith(`v${major}.`)) fail(`${bin} is ${version}, not Node ${major}`);
  if (!existsSync(join(dir, "include", "node", "node_api.h"))) {
    fail(`${dir} has no include/node headers: native modules cannot be built for ${version}`);
  }
  return { dir, bin, version };
}

/**
 * Compiles the workspace's better-sqlite3 for Node <major> once, into a complete copy of the
 * package (its `bindings` dependency linked in) that the redirect hook points imports at.
 * @returns {Promise<string>} the package directory
 */
async function buildBetterSqlite(major, node) {
  const out = join(cacheRoot, major, `better-sqlite3-${betterSqliteVersion}`);
  if (existsSync(out)) return out;
  const work = `${out}.building`;
  rmSync(work, { recursive: true, force: true });
  cpSync(betterSqliteDir, work, {
    recursive: true,
    dereference: true,
    filter: (source) =>
      !source.startsWith(join(betterSqliteDir, "build")) &&
      !source.startsWith(join(betterSqliteDir, "node_modules")),
  });
  process.stdout.write(
    `== node ${major}: compiling better-sqlite3 ${betterSqliteVersion} for ${node.version}\n`,
  );
  const started = Date.now();
  await run(node.bin, [nodeGyp(), "rebuild", "--release", "--loglevel=warn"], {
    cwd: work,
    env: {
      ...process.env,
      PATH: `${join(node.dir, "bin")}:${process.env.PATH}`,
      // Headers from the downloaded Node: nothing is fetched from nodejs.org.
      npm_config_nodedir: node.dir,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const built = join(work, "build", "Release", "better_sqlite3.node");
  if (!existsSync(built)) fail(`node-gyp finished but ${built} is missing`);
  // Keep the addon only (not the object files), where `bindings` looks for it.
  const addon = join(work, "better_sqlite3.node");
  renameSync(built, addon);
  rmSync(join(work, "build"), { recursive: true, force: true });
  mkdirSync(join(work, "build", "Release"), { recursive: true });
  renameSync(addon, built);
  // better-sqlite3 finds its addon with `bindings`: link the workspace's copy of it in.
  const bindings = dirname(
    createRequire(join(betterSqliteDir, "package.json")).resolve("bindings/package.json"),
  );
  mkdirSync(join(work, "node_modules"));
  symlinkSync(realpathSync(bindings), join(work, "node_modules", "bindings"), "dir");
  renameSync(work, out);
  process.stdout.write(
    `== node ${major}: better-sqlite3 built in ${((Date.now() - started) / 1000).toFixed(0)}s\n`,
  );
  return out;
}

async function prepare(major) {
  const node = fetchNode(major);
  const betterSqliteCopy = await buildBetterSqlite(major, node);
  return { node, betterSqliteCopy };
}

/**
 * The environment that runs Node <major> with its own better-sqlite3: NODE_OPTIONS loads
 * node-matrix/redirect-better-sqlite3.mjs, which reads where to redirect from its own URL.
 */
function environment({ node, betterSqliteCopy }) {
  const hook = pathToFileURL(redirectHook);
  hook.searchParams.set("from", `${pathToFileURL(betterSqliteDir).href}/`);
  hook.searchParams.set("to", `${pathToFileURL(betterSqliteCopy).href}/`);
  const env = { ...process.env, PATH: `${join(node.dir, "bin")}:${process.env.PATH}` };
  env.NODE_OPTIONS = [env.NODE_OPTIONS, `--import=${hook.href}`].filter(Boolean).join(" ");
  return env;
}

async function test(target) {
  const { node } = target;
  const env = environment(target);
  const started = Date.now();
  // The hook works: the workspace's better-sqlite3, imported by name as the adapter does, loads
  // on this Node (the machine's build of it would not: another ABI).
  const probe = execFileSync(
    node.bin,
    [
      "--input-type=module",
      "-e",
      "const { default: D } = await import('better-sqlite3'); const db = new D(':memory:'); console.log(db.prepare('select sqlite_version() v').get().v); db.close();",
    ],
    { encoding: "utf8", env, cwd: join(root, "packages", "sqlite") },
  ).trim();
  process.stdout.write(`== node ${node.version}: better-sqlite3 loads (SQLite ${probe})\n`);
  const vitest = join(
    dirname(createRequire(join(root, "package.json")).resolve("vitest/package.json")),
    "vitest.mjs",
  );
  for (const [dir, files] of SUITES) {
    process.stdout.write(`== node ${node.version}: ${dir} ${files.join(" ")}\n`);
    // One test file at a time: CI runs this in the background of the full suite, which gets the
    // CPUs first (the packages' maxWorkers is for their own run).
    await run(node.bin, [vitest, "run", "--maxWorkers=1", "--minWorkers=1", ...files], {
      cwd: join(root, dir),
      env,
    });
  }
  process.stdout.write(
    `== node ${node.version}: adapter conformance passed in ${((Date.now() - started) / 1000).toFixed(0)}s\n`,
  );
}

/**
 * Runs the guide's example in the project `pack-smoke.mjs --keep-in <work>` left in <work>/app,
 * on each prepared Node, one after the other.
 */
function packed(work, targets) {
  const app = join(work, "app");
  const installed = join(app, "node_modules", "better-sqlite3");
  if (!existsSync(join(app, "out", "getting-started.js"))) {
    fail(
      `${app} has no compiled guide example: run \`node scripts/pack-smoke.mjs --keep-in ${work}\` first`,
    );
  }
  const { version } = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  if (version !== betterSqliteVersion) {
    fail(
      `${installed} is better-sqlite3 ${version}, not the workspace's ${betterSqliteVersion}: run \`node scripts/pack-smoke.mjs --keep-in ${work}\` from this checkout`,
    );
  }
  const addon = join(installed, "build", "Release", "better_sqlite3.node");
  const original = `${addon}.machine`;
  cpSync(addon, original);
  try {
    for (const { node, betterSqliteCopy } of targets) {
      cpSync(join(betterSqliteCopy, "build", "Release", "better_sqlite3.node"), addon);
      runGuideExample(root, app, node.bin, {
        ...process.env,
        PATH: `${join(node.dir, "bin")}:${process.env.PATH}`,
      });
      process.stdout.write(
        `== node ${node.version}: the guide's example runs from the packed install and prints what the guide says\n`,
      );
    }
  } finally {
    renameSync(original, addon);
  }
}

try {
  const prepared = await Promise.all(majors.map((major) => prepare(major)));
  // One major after the other: each runs beside the full suite on a 2-core machine, and two at
  // once starved the processes of CPU (a cross-process watch sample once took 311 ms).
  if (command === "test") for (const target of prepared) await test(target);
  if (command === "packed") packed(resolve(packedWork), prepared);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
