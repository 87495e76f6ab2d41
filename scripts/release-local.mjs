#!/usr/bin/env node
/**
 * `pnpm release:local`: packs every publishable package (packages/* and apps/* not marked
 * private) into dist-packages/ — the tarballs `pnpm publish` would upload — so the packages can
 * be installed before the first publish:
 *
 *   npm install /path/to/sessionkit/dist-packages/*.tgz
 *
 * Every tarball goes into one `npm install`: the packages' dependencies on each other
 * (@sessionkit/sqlite → @sessionkit/sql, the CLIs → the adapters) resolve to the tarballs next to
 * them, nothing is fetched from the registry under the @sessionkit scope. `pnpm pack:smoke` runs
 * exactly that install in an empty project and uses every package there.
 * Needs the packages built (npx --yes pnpm@10.34.8 build).
 *
 *   node scripts/release-local.mjs [destination]     default: dist-packages
 */
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { packPublishable } from "./lib/pack.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const destination = resolve(process.argv[2] ?? join(root, "dist-packages"));

mkdirSync(destination, { recursive: true });
for (const file of readdirSync(destination)) {
  if (file.endsWith(".tgz")) rmSync(join(destination, file));
}
try {
  const packed = packPublishable(root, destination);
  const width = Math.max(...packed.map((p) => p.name.length));
  for (const p of packed) {
    const bins = p.bins.length > 0 ? `  (bin: ${p.bins.join(", ")})` : "";
    process.stdout.write(`${p.name.padEnd(width)}  ${p.version}  ${p.file}${bins}\n`);
  }
  const shown = relative(process.cwd(), destination);
  process.stdout.write(
    `\n${packed.length} packages in ${destination}. Install them into a project (all at once, so they resolve each other):\n\n` +
      `  npm install ${join(destination, "*.tgz")}\n` +
      (shown && !shown.startsWith("..")
        ? `\n(from this directory: npm install ./${shown}/*.tgz)\n`
        : ""),
  );
} catch (error) {
  process.stderr.write(
    `release:local failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
