import { type ErrorContext, isSessionKitError, SessionKitError } from "@sessionkit/core";
import { ADAPTER } from "./adapter-name.js";

/** The error context of one repository operation. */
export function context(operation: string, subject?: string): ErrorContext {
  return { adapter: ADAPTER, operation, subject };
}

/**
 * The one conversion of file-system errors into SessionKitErrors for this adapter: the
 * original error is chained as `cause`, the file is named. SessionKitErrors pass through.
 */
export function toStoreError(error: unknown, ctx: ErrorContext, file?: string): SessionKitError {
  if (isSessionKitError(error)) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  const where = file ? ` on ${file}` : "";
  if (code === "ENOSPC" || code === "EDQUOT") {
    return new SessionKitError({
      ...ctx,
      code: "IO",
      problem: `the disk is full${where} (${detail})`,
      remedy: "free disk space and retry; nothing was acknowledged",
      cause: error,
    });
  }
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
    return new SessionKitError({
      ...ctx,
      code: "IO",
      problem: `permission denied${where} (${detail})`,
      remedy: "make the store directory writable by this process",
      cause: error,
    });
  }
  return new SessionKitError({
    ...ctx,
    code: "IO",
    problem: `file-system error${where}: ${detail}`,
    cause: error,
  });
}

/** A CORRUPT error naming the damaged file. The file is left untouched. */
export function corruptFile(ctx: ErrorContext, file: string, problem: string, cause?: unknown) {
  return new SessionKitError({
    ...ctx,
    code: "CORRUPT",
    subject: file,
    problem: `${file} is damaged: ${problem}`,
    remedy:
      "restore this file from a backup (it was not modified); run `sessionkit check` to list every damaged file",
    cause,
  });
}
