import { configDefaults, defineConfig } from "vitest/config";
import { devSource, unlessBinary, WAITING_FILES_IN_PARALLEL } from "../../vitest.shared.js";
import { pgBinDir } from "./src/testing/start-pg-cluster.js";

// Every file runs against a real PostgreSQL server started from the machine's binaries: outside
// CI, where they are not installed, the package's tests are skipped with the reason; never in CI.
const skipped = unlessBinary("the PostgreSQL server binaries", pgBinDir, ["test/**/*.test.ts"]);

// defineConfig, not defineProject: this config is the root of the package's own `vitest run`, and
// maxWorkers is a root option.
export default defineConfig({
  ...devSource,
  test: {
    name: "@sessionkit/postgres",
    include: ["test/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...skipped],
    globalSetup: skipped.length > 0 ? [] : ["test/support/global-setup.ts"],
    // A root option (each package's config is the root of its own `vitest run`).
    ...(skipped.length > 0 ? { passWithNoTests: true } : {}),
    // Every file waits on the PostgreSQL server (one per run, a schema per test).
    maxWorkers: WAITING_FILES_IN_PARALLEL,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
