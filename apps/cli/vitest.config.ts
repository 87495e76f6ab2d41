import { defineConfig } from "vitest/config";
import { devSource, WAITING_FILES_IN_PARALLEL } from "../../vitest.shared.js";

// defineConfig, not defineProject: this config is the root of the package's own `vitest run`, and
// maxWorkers is a root option.
export default defineConfig({
  ...devSource,
  test: {
    name: "sessionkit",
    include: ["test/**/*.test.ts"],
    // Every file runs the built CLI as child processes (node dist/bin.js) and waits on them.
    maxWorkers: WAITING_FILES_IN_PARALLEL,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
