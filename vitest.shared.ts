/**
 * Shared by every package's vitest.config.ts: tests import the workspace packages through their
 * `dev-source` export condition (`./src/*.ts`), so a test runs against the source of its
 * dependencies without building them first. Tests that start a child process (`node dist/…`, or
 * an ES module importing a package by name) still use the built `dist`: turbo keeps `build` and
 * `^build` before those packages' `test` task.
 */
export const devSource = {
  // Vite's default client conditions, `dev-source` first.
  resolve: { conditions: ["dev-source", "module", "browser", "development|production"] },
  // Vitest also hands these to its Node workers as --conditions, for the dependencies Node loads
  // itself: Vite's server defaults without `module` (bundler-only ESM such as
  // @opentelemetry/api's does not load in Node), which is what the workers got before.
  ssr: { resolve: { conditions: ["dev-source", "node", "development|production"] } },
};
