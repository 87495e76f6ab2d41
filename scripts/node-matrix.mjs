#!/usr/bin/env node
/**
 * Runs the adapter conformance suites on another Node major version than the one that installed
 * the workspace (CI runs the full suite on the machine's Node and this on the others).
 *
 *   node scripts/node-matrix.mjs prepare <major>...   fetch Node <major> and build better-sqlite3 for it
 *   node scripts/node-matrix.mjs test <major>...      prepare, then run the conformance suites on it
 *
 * - Node comes from the npm registry: the platform package `node-<platform>-<arch>@<major>` (what
 *   the `node` package installs) carries `bin/node` and the headers in `include/node`, so nothing
 *   but npm is downloaded. Cached in node_modules/.cache/sessionkit-node/<major>/.
 * - better-sqlite3 is a native module built for one Node ABI. The workspace's own copy (the
 *   version the lockfile pins, sources included) is copied and compiled with node-gyp against
 *   that Node's headers (npm_config_nodedir), once per version. During `test` the compiled module
 *   replaces the workspace's one (atomic rename) and the original is put back afterwards — also
 *   on failure or Ctrl-C. Do not run other tests of this checkout at the same time.
 * - `prepare` for several versions compiles them in parallel (one compiler each).
 * - The suites: the memory reference (packages/conformance) and every adapter's conformance test
 *   files (sqlite, libsql embedded and remote over http://, json-file-store, postgres). Packages
 *   must be built.
 */
import { execFileSync, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cacheRoot = join(root, "node_modules", ".cache", "sessionkit-node");

/** The conformance test files of each package, relative to the package directory. */
const SUITES = [
  ["packages/conformance", ["test/memory.test.ts"]],
  ["packages/sqlite", ["test/conformance.test.ts"]],
  ["packages/json-file-store", ["test/conformance.test.ts"]],
  // libSQL: embedded (file, memory, the client driver) and remote over http:// — which goes
  // through Node's own fetch (undici, different in every Node major). Remote over ws:// goes
  // through the `ws` package, the same JavaScript on every Node: it runs on the full-suite Node
  // only (it is the slowest conformance target: a third of the libSQL suite's time).
  [
    "packages/libsql",
    readdirSync(join(root, "packages/libsql/test"))
      .filter((f) => f.startsWith("conformance") && f.endsWith(".test.ts"))
      .filter((f) => f !== "conformance-remote-ws.test.ts")
      .map((f) => `test/${f}`),
  ],
  ["packages/postgres", ["test/conformance.test.ts"]],
];

function fail(message) {
  process.stderr.write(`node-matrix: ${message}\n`);
  process.exit(1);
}

const [command, ...majors] = process.argv.slice(2);
if (!["prepare", "test"].includes(command) || majors.length === 0) {
  fail("usage: node scripts/node-matrix.mjs prepare|test <major>... (e.g. `test 22 24`)");
}
for (const major of majors) {
  if (!/^\d+$/.test(major)) fail(`"${major}" is not a Node major version (e.g. 22)`);
}

const requireFromSqlite = createRequire(join(root, "packages", "sqlite", "package.json"));
let betterSqliteDir;
try {
  betterSqliteDir = dirname(requireFromSqlite.resolve("better-sqlite3/package.json"));
} catch (error) {
  fail(`better-sqlite3 is not installed (${error.message}): run \`pnpm install\` first`);
}
const betterSqliteVersion = JSON.parse(
  readFileSync(join(betterSqliteDir, "package.json"), "utf8"),
).version;
const installedBinding = join(betterSqliteDir, "build", "Release", "better_sqlite3.node");
if (!existsSync(installedBinding)) {
  fail(`${installedBinding} is missing: run \`pnpm install\` (it builds better-sqlite3) first`);
}

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

/** Compiles the workspace's better-sqlite3 for Node <major> once; returns the .node file. */
async function buildBetterSqlite(major, node) {
  const out = join(cacheRoot, major, `better-sqlite3-${betterSqliteVersion}.node`);
  if (existsSync(out)) return out;
  const work = join(cacheRoot, major, "better-sqlite3");
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
  renameSync(built, out);
  rmSync(work, { recursive: true, force: true });
  process.stdout.write(
    `== node ${major}: better-sqlite3 built in ${((Date.now() - started) / 1000).toFixed(0)}s\n`,
  );
  return out;
}

async function prepare(major) {
  const node = fetchNode(major);
  const binding = await buildBetterSqlite(major, node);
  return { node, binding };
}

/** Puts `file` in place of the workspace's better_sqlite3.node (atomic: running processes keep theirs). */
function installBinding(file) {
  const staged = `${installedBinding}.staged`;
  cpSync(file, staged);
  renameSync(staged, installedBinding);
}

async function test({ node, binding }) {
  const original = join(cacheRoot, `installed-better-sqlite3-${betterSqliteVersion}.node`);
  mkdirSync(cacheRoot, { recursive: true });
  cpSync(installedBinding, original);
  const restore = () => installBinding(original);
  const onSignal = (signal) => {
    restore();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const env = { ...process.env, PATH: `${join(node.dir, "bin")}:${process.env.PATH}` };
  const started = Date.now();
  try {
    installBinding(binding);
    const probe = execFileSync(
      node.bin,
      [
        "-e",
        "const D = require(process.argv[1]); const db = new D(':memory:'); console.log(db.prepare('select sqlite_version() v').get().v); db.close();",
        betterSqliteDir,
      ],
      { encoding: "utf8", env },
    ).trim();
    process.stdout.write(`== node ${node.version}: better-sqlite3 loads (SQLite ${probe})\n`);
    const vitest = join(
      dirname(createRequire(join(root, "package.json")).resolve("vitest/package.json")),
      "vitest.mjs",
    );
    for (const [dir, files] of SUITES) {
      process.stdout.write(`== node ${node.version}: ${dir} ${files.join(" ")}\n`);
      await run(node.bin, [vitest, "run", ...files], { cwd: join(root, dir), env });
    }
  } finally {
    restore();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  process.stdout.write(
    `== node ${node.version}: adapter conformance passed in ${((Date.now() - started) / 1000).toFixed(0)}s\n`,
  );
}

try {
  const prepared = await Promise.all(majors.map((major) => prepare(major)));
  if (command === "test") {
    for (const target of prepared) await test(target);
  }
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
