import { defineProject } from "vitest/config";
import { devSource } from "../../vitest.shared.js";

export default defineProject({
  ...devSource,
  test: {
    name: "@sessionkit/studio",
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
