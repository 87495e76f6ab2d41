#!/usr/bin/env node
/**
 * Release smoke test: packs every publishable package (packages/* and apps/* not marked private)
 * as `pnpm release:local` does (scripts/lib/pack.mjs: workspace:^ and catalog: ranges become real
 * versions, only the `files` are included), installs the tarballs into an empty project with the
 * guide's line (all tarballs in one `npm install`, no overrides) — nothing from the workspace —
 * then:
 *  - runs each CLI's executable through npx (`npx <bin> --help`);
 *  - checks that one copy of @sessionkit/core is installed (a peer dependency of the others);
 *  - imports every public subpath of every package (each `exports` key) at run time, and does one
 *    real operation with each package (scripts/pack-smoke/smoke.mjs);
 *  - type-checks an import of every public subpath in a consumer project with `strict: true` and
 *    no `skipLibCheck`, so every published .d.ts (and every type it pulls in) compiles as a
 *    user's project would compile it;
 *  - type-checks the getting-started guide's example (examples/guide-snippets/src/getting-started.ts,
 *    which the guide quotes verbatim) in that strict project, compiles it with tsc and runs it:
 *    it must print what the guide says it prints. `node scripts/node-matrix.mjs packed <dir> 22 24`
 *    runs the same compiled example from this install on the other Node majors.
 *  - checks every publishable package publishes as public with npm provenance (publishConfig).
 * Needs the packages built.
 *
 * better-sqlite3: the project pins the version of the workspace's lockfile (as a user's lockfile
 * would; the same version every other test runs) and npm's install script for it finds the
 * workspace's addon, compiled by `pnpm install` for this Node, as a local prebuilt binary
 * (prebuild-install's `npm_config_better_sqlite3_local_prebuilds`, the same path as a downloaded
 * prebuilt binary) instead of compiling SQLite again. Compiling better-sqlite3 from source with no
 * configuration at all is what scripts/fresh-install.mjs proves; `--compile` compiles here too.
 *
 *   node scripts/pack-smoke.mjs [--keep] [--keep-in <dir>] [--compile]
 *     --keep-in <dir>  work in <dir> (emptied first) and keep it: the project is <dir>/app
 */
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runGuideExample, writeGuideExample } from "./lib/guide-example.mjs";
import { packPublishable, publishablePackages } from "./lib/pack.mjs";
import { workspaceBetterSqlite } from "./lib/workspace-better-sqlite.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Packages whose types a bridge's peer framework imports in its own .d.ts without installing
 * them: @google/adk 2.0.0's type index imports its optional peers (express, @google-cloud/storage,
 * @modelcontextprotocol/sdk) and openapi-types. An ADK user's strict project needs them too;
 * the smoke project installs them so the published types check without skipLibCheck.
 */
const PEER_TYPE_PACKAGES = [
  "express",
  "@types/express",
  "@google-cloud/storage",
  "@modelcontextprotocol/sdk",
  "openapi-types",
];
const packages = publishablePackages(root);
const specifiers = packages.flatMap((p) => p.specifiers);
const bins = packages.flatMap((p) => p.bins);

const keepIn = process.argv.indexOf("--keep-in");
const keptWork = keepIn === -1 ? undefined : process.argv[keepIn + 1];
if (keepIn !== -1 && !keptWork) throw new Error("--keep-in needs a directory");
let work;
if (keptWork) {
  work = resolve(keptWork);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
} else {
  work = mkdtempSync(join(tmpdir(), "sessionkit-pack-"));
}
const tarballs = join(work, "tarballs");
const app = join(work, "app");
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

function sh(command, args, cwd, env = process.env) {
  return execFileSync(command, args, {
    cwd,
    encoding: "utf8",
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
}

try {
  mkdirSync(tarballs);
  mkdirSync(app);
  const unpublishable = packages.filter((p) => {
    const { publishConfig } = JSON.parse(readFileSync(join(root, p.dir, "package.json"), "utf8"));
    return publishConfig?.access !== "public" || publishConfig?.provenance !== true;
  });
  if (unpublishable.length > 0) {
    throw new Error(
      `publishConfig must be { "access": "public", "provenance": true } in ${unpublishable.map((p) => p.dir).join(", ")} (docs/releasing.md)`,
    );
  }
  // The same tarballs as `pnpm release:local` (scripts/lib/pack.mjs).
  const packed = packPublishable(root, tarballs);
  process.stdout.write(`packed ${packed.length} packages (${elapsed()})\n`);

  // The install line the getting-started guide documents: every tarball in one `npm install`
  // (no overrides), so the packages' dependencies on each other resolve to the tarballs.
  writeFileSync(
    join(app, "package.json"),
    `${JSON.stringify({ name: "pack-smoke", private: true, type: "module" }, null, 2)}\n`,
  );
  const betterSqlite = workspaceBetterSqlite(root);
  const env = { ...process.env };
  if (!process.argv.includes("--compile")) {
    const prebuilds = join(work, "prebuilds");
    mkdirSync(prebuilds);
    // The name prebuild-install looks for (its default download URL's file name).
    const abi = process.versions.modules;
    const file = `better-sqlite3-v${betterSqlite.version}-node-v${abi}-${process.platform}-${process.arch}.tar.gz`;
    sh(
      "tar",
      ["czf", join(prebuilds, file), "-C", betterSqlite.dir, "build/Release/better_sqlite3.node"],
      root,
    );
    env.npm_config_better_sqlite3_local_prebuilds = prebuilds;
  }
  sh(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      ...packed.map((p) => join(tarballs, p.file)),
      `better-sqlite3@${betterSqlite.version}`,
      "@types/node@^20.19.0",
      ...PEER_TYPE_PACKAGES,
    ],
    app,
    env,
  );
  process.stdout.write(`npm install of the tarballs done (${elapsed()})\n`);

  // @sessionkit/core is a peer dependency of every other package: exactly one copy, at the top.
  const nested = packages
    .map(({ name }) => join(app, "node_modules", name, "node_modules", "@sessionkit", "core"))
    .filter((dir) => existsSync(dir));
  if (nested.length > 0) {
    throw new Error(`a second copy of @sessionkit/core was installed: ${nested.join(", ")}`);
  }
  process.stdout.write("one copy of @sessionkit/core installed\n");

  // Every public subpath loads at run time.
  writeFileSync(
    join(app, "subpaths.mjs"),
    `${specifiers.map((s) => `await import(${JSON.stringify(s)});`).join("\n")}\n`,
  );
  sh(process.execPath, ["subpaths.mjs"], app);
  process.stdout.write(`${specifiers.length} public subpaths import: ${specifiers.join(", ")}\n`);

  // The CLIs' executables run through npx, from the installed tarballs.
  for (const bin of bins) {
    const help = sh("npx", ["--no-install", bin, "--help"], app);
    if (!/usage/i.test(help)) throw new Error(`npx ${bin} --help printed no usage:\n${help}`);
  }
  process.stdout.write(`npx runs ${bins.join(", ")}\n`);

  copyFileSync(join(root, "scripts", "pack-smoke", "smoke.mjs"), join(app, "smoke.mjs"));
  process.stdout.write(sh(process.execPath, ["smoke.mjs"], app));

  // The published types of every subpath compile in a strict consumer project (NodeNext) with
  // skipLibCheck off: every published .d.ts is type-checked as a user's project would.
  writeFileSync(
    join(app, "types.ts"),
    `${specifiers.map((s, i) => `import * as p${i} from ${JSON.stringify(s)};`).join("\n")}\nexport const all = [${specifiers.map((_, i) => `p${i}`).join(", ")}];\n`,
  );
  // The guide's example, as a user would copy it into their project.
  const guide = writeGuideExample(root, app);
  writeFileSync(
    join(app, "tsconfig.json"),
    `${JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          skipLibCheck: false,
          outDir: "out",
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          types: ["node"],
        },
        files: ["types.ts", guide.source],
      },
      null,
      2,
    )}\n`,
  );
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  sh(process.execPath, [tsc, "-p", "tsconfig.json"], app);
  process.stdout.write(
    `types of ${specifiers.length} subpaths and the guide's example check (strict, no skipLibCheck) (${elapsed()})\n`,
  );
  runGuideExample(root, app, process.execPath);
  process.stdout.write(
    `the guide's example runs on Node ${process.version} and prints what the guide says\n`,
  );
  process.stdout.write(`pack smoke test passed in ${elapsed()}\n`);
} finally {
  if (keptWork || process.argv.includes("--keep")) process.stdout.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
