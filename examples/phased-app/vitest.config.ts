import { defineProject } from "vitest/config";
import { devSource } from "../../vitest.shared.js";

export default defineProject({
  ...devSource,
  test: {
    name: "example-phased-app",
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
