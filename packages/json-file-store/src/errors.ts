import { type ErrorContext, isSessionKitError, SessionKitError } from "@sessionkit/core";
import { ADAPTER } from "./adapter-name.js";
import { LockLostError, LockTimeoutError } from "./file-lock.js";

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
  if (error instanceof LockTimeoutError) {
    const h = error.holder;
    return new SessionKitError({
      ...ctx,
      code: "BUSY",
      subject: ctx.subject ?? error.target,
      problem: `the lock on ${error.target} was not obtained within ${error.timeoutMs} ms${h ? ` (held by pid ${h.pid} on ${h.host})` : ""}`,
      remedy:
        "retry later, or raise busyTimeoutMs if this happens under normal load; a lock whose holder died is broken at once on the same host and after staleLockMs elsewhere",
      cause: error,
    });
  }
  if (error instanceof LockLostError) {
    return new SessionKitError({
      ...ctx,
      code: "BUSY",
      subject: ctx.subject ?? error.target,
      problem: `the lock on ${error.target} was lost before the write was committed (${error.reason}); ${error.target} was not written`,
      remedy:
        "retry the operation; if it recurs, the process is blocked for longer than staleLockMs (raise it) or another process removes lock directories",
      cause: error,
    });
  }
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
