#!/usr/bin/env node
/**
 * Release smoke test: packs every publishable package with `pnpm pack` (workspace:^ ranges
 * become real versions, only the `files` are included), installs the tarballs with npm into an
 * empty project — nothing from the workspace — then imports each package and does one real
 * operation with it (scripts/pack-smoke/smoke.mjs), and type-checks an import of each.
 * Needs the packages built. better-sqlite3 is compiled from source when npm finds no prebuilt
 * binary (export npm_config_nodedir=/usr where Node's headers cannot be downloaded).
 *
 *   node scripts/pack-smoke.mjs [--keep]
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const packages = ["core", "conformance", "sql", "sqlite", "libsql", "json-file-store", "migrate"];
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
  // corepack is unreliable on some machines: pnpm through npx, as in the README.
  const pnpm = ["npx", ["--yes", "pnpm@10.34.8"]];
  const deps = {};
  for (const name of packages) {
    const before = new Set(readdirSync(tarballs));
    sh(pnpm[0], [...pnpm[1], "pack", "--pack-destination", tarballs], join(root, "packages", name));
    const file = readdirSync(tarballs).find((f) => !before.has(f));
    if (!file) throw new Error(`pnpm pack of packages/${name} produced no tarball`);
    deps[`@sessionkit/${name}`] = `file:../tarballs/${file}`;
  }
  process.stdout.write(`packed ${packages.length} packages (${elapsed()})\n`);

  // overrides: the packages' dependencies on each other resolve to the tarballs too.
  writeFileSync(
    join(app, "package.json"),
    `${JSON.stringify({ name: "pack-smoke", private: true, type: "module", dependencies: { ...deps, "@types/node": "^20.19.0" }, overrides: deps }, null, 2)}\n`,
  );
  sh("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], app);
  process.stdout.write(`npm install of the tarballs done (${elapsed()})\n`);

  copyFileSync(join(root, "scripts", "pack-smoke", "smoke.mjs"), join(app, "smoke.mjs"));
  process.stdout.write(sh(process.execPath, ["smoke.mjs"], app));

  // The published types resolve from a plain TypeScript project (NodeNext, strict, and no
  // skipLibCheck: every published .d.ts is type-checked as a user's project would).
  writeFileSync(
    join(app, "types.ts"),
    `${packages.map((name, i) => `import * as p${i} from "@sessionkit/${name}";`).join("\n")}\nexport const all = [${packages.map((_, i) => `p${i}`).join(", ")}];\n`,
  );
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  sh(
    process.execPath,
    [
      tsc,
      "--noEmit",
      "--strict",
      "--module",
      "nodenext",
      "--moduleResolution",
      "nodenext",
      "--target",
      "es2022",
      "--types",
      "node",
      "types.ts",
    ],
    app,
  );
  process.stdout.write(`types of every package resolve (${elapsed()})\n`);
  process.stdout.write(`pack smoke test passed in ${elapsed()}\n`);
} finally {
  if (process.argv.includes("--keep")) process.stdout.write(`kept ${work}\n`);
  else rmSync(work, { recursive: true, force: true });
}
