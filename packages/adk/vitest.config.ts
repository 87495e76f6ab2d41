import { defineProject } from "vitest/config";
import { devSource } from "../../vitest.shared.js";

export default defineProject({
  ...devSource,
  test: {
    name: "@sessionkit/adk",
    include: ["test/**/*.test.ts"],
    // Every test file imports @google/adk (a large module graph): one import per worker instead
    // of one per file. The tests share no module state.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
