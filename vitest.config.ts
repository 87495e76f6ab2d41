import { defineConfig } from "vitest/config";

/** One workspace config: `npx vitest` at the root runs every package's project. */
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "tooling/*", "examples/*"],
  },
});
