/**
 * The publishable packages of the workspace and how they are packed — shared by
 * `pnpm release:local` (scripts/release-local.mjs) and `pnpm pack:smoke` (scripts/pack-smoke.mjs).
 *
 * Publishable: every package under packages/ and apps/ whose package.json is not `private`.
 * `pnpm pack` turns workspace:^ and catalog: ranges into real versions and includes only the
 * `files`, as `pnpm publish` would.
 */
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * How to run pnpm: the pnpm that runs this script (`pnpm pack:smoke`, `pnpm release:local` set
 * npm_execpath to its own entry point) when it is one, else `npx --yes pnpm@10.34.8` — which pays
 * npx's start-up (a registry check included) once per package: minutes for all of them on a
 * loaded 2-core CI machine.
 * @returns {[string, string[]]}
 */
function pnpmCommand() {
  const { env } = process;
  const execPath = env.npm_execpath;
  if (execPath && /pnpm/.test(execPath) && existsSync(execPath)) {
    return [process.execPath, [execPath]];
  }
  return ["npx", ["--yes", "pnpm@10.34.8"]];
}

/**
 * @typedef {object} PublishablePackage
 * @property {string} dir          path relative to the repository root (packages/sqlite)
 * @property {string} name         package name
 * @property {string} version
 * @property {string[]} specifiers public import specifiers (one per `exports` key)
 * @property {string[]} bins       names of its executables
 */

/**
 * @param {string} root the repository root
 * @returns {PublishablePackage[]}
 */
export function publishablePackages(root) {
  /** @param {string} file */
  const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));
  return ["packages", "apps"].flatMap((parent) =>
    readdirSync(join(root, parent))
      .filter((dir) => existsSync(join(root, parent, dir, "package.json")))
      .map((dir) => ({
        dir: `${parent}/${dir}`,
        manifest: readJson(join(root, parent, dir, "package.json")),
      }))
      .filter(({ manifest }) => manifest.private !== true)
      .map(({ dir, manifest }) => ({
        dir,
        name: manifest.name,
        version: manifest.version,
        specifiers: manifest.exports
          ? Object.keys(manifest.exports)
              .filter((key) => key !== "./package.json")
              .map((key) => (key === "." ? manifest.name : `${manifest.name}/${key.slice(2)}`))
          : [],
        bins:
          typeof manifest.bin === "string"
            ? [manifest.name.replace(/^@[^/]+\//, "")]
            : Object.keys(manifest.bin ?? {}),
      })),
  );
}

/**
 * The tarball's file name: `pnpm pack` names `@sessionkit/migrate` and `sessionkit-migrate` (the
 * CLI) both `sessionkit-migrate-<version>.tgz`, so scoped names keep their scope apart with `__`.
 * @param {{ name: string, version: string }} pkg
 */
export function tarballName({ name, version }) {
  return `${name.replace(/^@/, "").replace("/", "__")}-${version}.tgz`;
}

/**
 * Packs every publishable package into `destination` (which must exist), one tarball each named
 * by {@link tarballName}. Needs the packages built (their `dist`).
 * @param {string} root the repository root
 * @param {string} destination an existing directory
 * @returns {(PublishablePackage & { file: string })[]} with the tarball's file name
 */
export function packPublishable(root, destination) {
  const scratch = mkdtempSync(join(tmpdir(), "sessionkit-pack-one-"));
  const [pnpm, pnpmArgs] = pnpmCommand();
  try {
    return publishablePackages(root).map((pkg) => {
      if (!existsSync(join(root, pkg.dir, "dist"))) {
        throw new Error(`${pkg.dir}/dist is missing: build first (npx --yes pnpm@10.34.8 build)`);
      }
      const own = join(scratch, pkg.dir.replace("/", "-"));
      mkdirSync(own);
      execFileSync(pnpm, [...pnpmArgs, "pack", "--pack-destination", own], {
        cwd: join(root, pkg.dir),
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      });
      const [packed, ...extra] = readdirSync(own).filter((f) => f.endsWith(".tgz"));
      if (!packed || extra.length > 0) {
        throw new Error(`pnpm pack of ${pkg.dir} did not write exactly one tarball into ${own}`);
      }
      const file = tarballName(pkg);
      copyFileSync(join(own, packed), join(destination, file));
      return { ...pkg, file };
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
