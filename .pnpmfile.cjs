// Loaded by pnpm before every install in this workspace. pnpm records a checksum of this file in
// pnpm-lock.yaml (`pnpmfileChecksum`): after editing it, run `pnpm install` and commit the lockfile.
//
// better-sqlite3 (and sqlite3, a dev dependency of a benchmark peer) are native modules. When no
// prebuilt binary can be downloaded, node-gyp compiles them and, unless `npm_config_nodedir`
// says where Node's headers are, downloads the headers from nodejs.org — which fails on machines
// without that access (`gyp ERR! not ok`). Node installs that ship their headers (Debian/Ubuntu
// `nodejs`, the official tarballs, nvm, the npm `node` package) keep them in
// `<prefix>/include/node` next to `<prefix>/bin/node`: when those headers are of exactly the
// running Node's version, point node-gyp at them. An explicit `npm_config_nodedir` (environment or
// .npmrc `nodedir=`) always wins; without usable headers nothing changes and node-gyp downloads
// them as usual.
const { existsSync, readFileSync } = require("node:fs");
const { dirname, join } = require("node:path");

function headersVersion(prefix) {
  const file = join(prefix, "include", "node", "node_version.h");
  if (!existsSync(file) || !existsSync(join(prefix, "include", "node", "node_api.h"))) return null;
  const text = readFileSync(file, "utf8");
  const part = (name) => text.match(new RegExp(`#define NODE_${name}_VERSION (\\d+)`))?.[1];
  const [major, minor, patch] = [part("MAJOR"), part("MINOR"), part("PATCH")];
  return major && minor && patch ? `v${major}.${minor}.${patch}` : null;
}

module.exports = {
  hooks: {
    // pnpm passes its own configuration to lifecycle scripts as npm_config_* variables (it drops
    // the ones of its own environment): `nodedir` has to be set here, in its configuration.
    updateConfig(config) {
      if (config.rawConfig.nodedir) return config;
      const prefix = dirname(dirname(process.execPath));
      if (headersVersion(prefix) === process.version) config.rawConfig.nodedir = prefix;
      return config;
    },
  },
};
