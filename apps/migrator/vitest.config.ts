import { configDefaults, defineConfig } from "vitest/config";
import { pgBinDir } from "../../packages/postgres/src/testing/start-pg-cluster.js";
import { devSource, unlessBinary, WAITING_FILES_IN_PARALLEL } from "../../vitest.shared.js";

// defineConfig, not defineProject: this config is the root of the package's own `vitest run`, and
// maxWorkers is a root option.
export default defineConfig({
  ...devSource,
  test: {
    name: "sessionkit-migrate",
    include: ["test/**/*.test.ts"],
    // Starts a real PostgreSQL server: skipped with the reason outside CI where it is unavailable.
    exclude: [
      ...configDefaults.exclude,
      ...unlessBinary("the PostgreSQL server binaries", pgBinDir, ["test/postgres-target.test.ts"]),
    ],
    // Every file runs the built CLI and writer processes as children and waits on them.
    maxWorkers: WAITING_FILES_IN_PARALLEL,
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
