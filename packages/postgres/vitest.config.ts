import { defineProject } from "vitest/config";
import { devSource } from "../../vitest.shared.js";

export default defineProject({
  ...devSource,
  test: {
    name: "@sessionkit/postgres",
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
