import { defineConfig } from "vitest/config";
import { devSource, WAITING_FILES_IN_PARALLEL } from "../../vitest.shared.js";

// defineConfig, not defineProject: this config is the root of the package's own `vitest run`, and
// maxWorkers is a root option.
export default defineConfig({
  ...devSource,
  test: {
    name: "@sessionkit/migrate",
    include: ["test/**/*.test.ts"],
    // The slow files wait on writer child processes and on file locks.
    maxWorkers: WAITING_FILES_IN_PARALLEL,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
