import { defineProject } from "vitest/config";
import { devSource } from "../../vitest.shared.js";

export default defineProject({
  ...devSource,
  test: {
    name: "sessionkit-migrate",
    include: ["test/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
