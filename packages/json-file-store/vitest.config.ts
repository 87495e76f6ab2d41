import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "@sessionkit/json-file-store",
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
