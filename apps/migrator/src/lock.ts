import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import lockfile from "proper-lockfile";
import { CliError, ExitCode } from "./exit-codes.js";

/**
 * The single-instance migration lock (proper-lockfile: an atomic mkdir, refreshed every 2 s,
 * considered stale after 10 s so a killed migrator does not block the next run for long).
 */
export async function acquireLock(
  file: string,
  onCompromised: (error: Error) => void,
): Promise<() => Promise<void>> {
  mkdirSync(dirname(file), { recursive: true });
  try {
    return await lockfile.lock(file, {
      realpath: false,
      stale: 10_000,
      update: 2_000,
      retries: 0,
      onCompromised,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") {
      throw new CliError(
        ExitCode.LOCKED,
        `another sessionkit-migrate is running against this target (lock ${file}.lock)`,
        "wait for it to finish; if it was killed, the lock goes stale after 10 seconds",
      );
    }
    throw error;
  }
}
