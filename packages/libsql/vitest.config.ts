import { readdirSync, readFileSync } from "node:fs";
import { configDefaults, defineConfig } from "vitest/config";
import { devSource, unlessBinary, WAITING_FILES_IN_PARALLEL } from "../../vitest.shared.js";
import { sqldBinary } from "./test/support/sqld-server.js";

// The files that start a libSQL server (sqld ships for linux-x64 only): skipped with the reason
// outside CI where it is unavailable, never in CI.
const testDir = new URL("./test/", import.meta.url);
const needSqld = readdirSync(testDir)
  .filter((f) => f.endsWith(".test.ts"))
  .filter((f) => /\b(startSqld|remoteTarget)\(/.test(readFileSync(new URL(f, testDir), "utf8")))
  .map((f) => `test/${f}`);

// defineConfig, not defineProject: this config is the root of the package's own `vitest run`, and
// maxWorkers is a root option.
export default defineConfig({
  ...devSource,
  test: {
    name: "@sessionkit/libsql",
    include: ["test/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...unlessBinary("sqld", sqldBinary, needSqld)],
    // The remote conformance files (a sqld per test) and the crash/outage files wait on servers
    // and child processes most of the time.
    maxWorkers: WAITING_FILES_IN_PARALLEL,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
