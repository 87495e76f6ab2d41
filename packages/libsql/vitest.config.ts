import { readdirSync, readFileSync } from "node:fs";
import { configDefaults, defineProject } from "vitest/config";
import { devSource, unlessBinary } from "../../vitest.shared.js";
import { sqldBinary } from "./test/support/sqld-server.js";

// The files that start a libSQL server (sqld ships for linux-x64 only): skipped with the reason
// outside CI where it is unavailable, never in CI.
const testDir = new URL("./test/", import.meta.url);
const needSqld = readdirSync(testDir)
  .filter((f) => f.endsWith(".test.ts"))
  .filter((f) => /\b(startSqld|remoteTarget)\(/.test(readFileSync(new URL(f, testDir), "utf8")))
  .map((f) => `test/${f}`);

export default defineProject({
  ...devSource,
  test: {
    name: "@sessionkit/libsql",
    include: ["test/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...unlessBinary("sqld", sqldBinary, needSqld)],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
