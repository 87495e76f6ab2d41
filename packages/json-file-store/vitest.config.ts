import { defineConfig } from "vitest/config";
import { devSource, WAITING_FILES_IN_PARALLEL } from "../../vitest.shared.js";

// defineConfig, not defineProject: this config is the root of the package's own `vitest run`, and
// maxWorkers is a root option.
export default defineConfig({
  ...devSource,
  test: {
    name: "@sessionkit/json-file-store",
    include: ["test/**/*.test.ts"],
    // The crash and lock files wait on child processes and lock timeouts.
    maxWorkers: WAITING_FILES_IN_PARALLEL,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
