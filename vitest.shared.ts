/**
 * Shared by every package's vitest.config.ts: tests import the workspace packages through their
 * `dev-source` export condition (`./src/*.ts`), so a test runs against the source of its
 * dependencies without building them first. Tests that start a child process (`node dist/…`, or
 * an ES module importing a package by name) still use the built `dist`: turbo keeps `build` and
 * `^build` before those packages' `test` task.
 */
export const devSource = {
  // Vite's defaults (defaultClientConditions / defaultServerConditions) with `dev-source` first.
  resolve: { conditions: ["dev-source", "module", "browser", "development|production"] },
  ssr: { resolve: { conditions: ["dev-source", "module", "node", "development|production"] } },
};
