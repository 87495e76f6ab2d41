import { configDefaults, defineProject } from "vitest/config";
import { pgBinDir } from "../../packages/postgres/src/testing/start-pg-cluster.js";
import { devSource, unlessBinary } from "../../vitest.shared.js";

export default defineProject({
  ...devSource,
  test: {
    name: "sessionkit-migrate",
    include: ["test/**/*.test.ts"],
    // Starts a real PostgreSQL server: skipped with the reason outside CI where it is unavailable.
    exclude: [
      ...configDefaults.exclude,
      ...unlessBinary("the PostgreSQL server binaries", pgBinDir, ["test/postgres-target.test.ts"]),
    ],
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
