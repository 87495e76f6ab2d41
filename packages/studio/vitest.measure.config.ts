import { defineProject } from "vitest/config";
import { devSource } from "../../vitest.shared.js";

/** `pnpm run measure:scale`: the scale measurement, never part of `pnpm test`. */
export default defineProject({
  ...devSource,
  test: {
    name: "@sessionkit/studio:measure",
    include: ["measure/**/*.measure.ts"],
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
