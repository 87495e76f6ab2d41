import type { CorruptHandler, IntegrityProblem } from "@sessionkit/core";

/** The IntegrityProblem kind of a damaged file (as `checkIntegrity` reports it). */
export const CORRUPT_FILE = "corrupt-file";

/**
 * Runs `read` on one file of a scan. A CORRUPT failure is reported to `onCorrupt` (and null
 * returned, so the scan goes on) when the caller gave one; otherwise it is rethrown, so a
 * damaged file is never skipped silently.
 */
export async function readOrReport<T>(
  file: string,
  onCorrupt: CorruptHandler | undefined,
  read: () => Promise<T>,
): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (onCorrupt === undefined || !isCorrupt(error)) throw error;
    onCorrupt(corruptFileProblem(file, error));
    return null;
  }
}

/** The problem to report for a damaged `file`. */
export function corruptFileProblem(file: string, error: unknown): IntegrityProblem {
  return {
    kind: CORRUPT_FILE,
    message: error instanceof Error ? error.message : String(error),
    subject: file,
  };
}

/** True for a SessionKitError with code CORRUPT. */
export function isCorrupt(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "CORRUPT";
}
