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
 *    user's project would compile it.
 * Needs the packages built. better-sqlite3 is compiled from source when npm finds no prebuilt
 * binary (export npm_config_nodedir=/usr where Node's headers cannot be downloaded).
 *
 *   node scripts/pack-smoke.mjs [--keep]
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { packPublishable, publishablePackages } from "./lib/pack.mjs";

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

const work = mkdtempSync(join(tmpdir(), "sessionkit-pack-"));
const tarballs = join(work, "tarballs");
const app = join(work, "app");
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;

function sh(command, args, cwd) {
  return execFileSync(command, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
}

try {
  mkdirSync(tarballs);
  mkdirSync(app);
  // The same tarballs as `pnpm release:local` (scripts/lib/pack.mjs).
  const packed = packPublishable(root, tarballs);
  process.stdout.write(`packed ${packed.length} packages (${elapsed()})\n`);

  // The install line the getting-started guide documents: every tarball in one `npm install`
  // (no overrides), so the packages' dependencies on each other resolve to the tarballs.
  writeFileSync(
    join(app, "package.json"),
    `${JSON.stringify({ name: "pack-smoke", private: true, type: "module" }, null, 2)}\n`,
  );
  sh(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      ...packed.map((p) => join(tarballs, p.file)),
      "@types/node@^20.19.0",
      ...PEER_TYPE_PACKAGES,
    ],
    app,
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
  writeFileSync(
    join(app, "tsconfig.json"),
    `${JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          types: ["node"],
        },
        files: ["types.ts"],
      },
      null,
      2,
    )}\n`,
  );
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  sh(process.execPath, [tsc, "-p", "tsconfig.json"], app);
  process.stdout.write(
    `types of ${specifiers.length} subpaths check (strict, no skipLibCheck) (${elapsed()})\n`,
  );
  process.stdout.write(`pack smoke test passed in ${elapsed()}\n`);
} finally {
  if (process.argv.includes("--keep")) process.stdout.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
