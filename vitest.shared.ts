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

/**
 * Test files that need a platform binary (sqld, the PostgreSQL server binaries) on machines that
 * lack it. Outside CI (`CI` unset) they are left out of the run with the reason printed, so
 * `pnpm test` works for contributors on any OS; in CI (`.ci/run` exports `CI=1`) nothing is left
 * out and a missing binary fails the run with the locator's own message.
 *
 * @param what      the binary, for the message ("sqld", "the PostgreSQL server binaries")
 * @param locate    finds the binary; throws with the reason and the remedy when it is missing
 * @param testFiles the files that need it (globs relative to the package)
 * @returns the globs to pass to `test.exclude` (empty when nothing is left out)
 */
export function unlessBinary(what: string, locate: () => unknown, testFiles: string[]): string[] {
  if (process.env.CI) return [];
  try {
    locate();
    return [];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(
      `\n  skipped (not in CI): ${testFiles.length} test file(s) that need ${what} — ${reason}\n  (with CI=1 they run and fail instead)\n`,
    );
    return testFiles;
  }
}

/**
 * How many test files run at the same time in a package whose tests mostly wait — on child
 * processes, on servers (sqld, PostgreSQL) starting, on file locks. Vitest's default is one
 * worker per CPU minus one: a single file at a time on the 2-core CI machine, where those files
 * would leave the CPUs idle most of the time. Set as `maxWorkers` in those packages' configs.
 */
export const WAITING_FILES_IN_PARALLEL = 3;
