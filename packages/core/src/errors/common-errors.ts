import { type ErrorContext, SessionKitError } from "./session-kit-error.js";

/** NOT_FOUND for a missing session, or for an expired one that accepts no writes. */
export function sessionNotFound(ctx: ErrorContext, expired = false): SessionKitError {
  return new SessionKitError({
    ...ctx,
    code: "NOT_FOUND",
    problem: expired ? "the session is expired" : "no such session",
    remedy: expired
      ? "create a new session; expired sessions accept no writes"
      : "check the app name, user id and session id, or create the session first",
  });
}

/** ALREADY_EXISTS for createSession with a taken id. */
export function sessionAlreadyExists(ctx: ErrorContext): SessionKitError {
  return new SessionKitError({
    ...ctx,
    code: "ALREADY_EXISTS",
    problem: "a session with this id already exists",
  });
}

/** CONFLICT for an event id stored with different content. */
export function eventConflict(ctx: ErrorContext, eventId: string): SessionKitError {
  return new SessionKitError({
    ...ctx,
    code: "CONFLICT",
    subject: `${ctx.subject}, event ${JSON.stringify(eventId)}`,
    problem: "an event with this id is already stored with different content",
  });
}

/** STALE for an `expectedRevision` that is not the stored one. */
export function staleRevision(
  ctx: ErrorContext,
  expected: number,
  stored: number,
): SessionKitError {
  return new SessionKitError({
    ...ctx,
    code: "STALE",
    problem: `the session was modified since it was read (expected revision ${expected}, stored ${stored})`,
    remedy: "reload the session and retry with its current revision",
  });
}

/** CLOSED for any call after close(). */
export function repositoryClosed(ctx: ErrorContext): SessionKitError {
  return new SessionKitError({ ...ctx, code: "CLOSED", problem: "the repository is closed" });
}

/** CLOSED for a transaction object used after its callback settled. */
export function transactionEnded(ctx: ErrorContext): SessionKitError {
  return new SessionKitError({
    ...ctx,
    code: "CLOSED",
    problem: "the transaction has already ended",
    remedy: "use the transaction object only inside its callback",
  });
}

/**
 * INVALID_ARGUMENT for a call on a repository from inside one of its own transaction callbacks:
 * it would wait for that transaction to end, which waits for the call (a deadlock).
 */
export function reenteredTransaction(ctx: ErrorContext): SessionKitError {
  return new SessionKitError({
    ...ctx,
    code: "INVALID_ARGUMENT",
    problem:
      "called on the repository from inside one of its own transaction callbacks; it would wait for that transaction to end",
    remedy: "use the `tx` object passed to the callback for operations inside the transaction",
  });
}
