import { SessionKitError } from "@sessionkit/core";

/** The `adapter` every error of this package names. */
export const PACKAGE_NAME = "openai-agents";

/** An item (or transaction argument) that cannot be stored as JSON; nothing was written. */
export function invalidItem(operation: string, path: string, problem: string): SessionKitError {
  return new SessionKitError({
    adapter: PACKAGE_NAME,
    operation,
    code: "INVALID_ARGUMENT",
    path,
    problem: `${path}: ${problem}`,
  });
}

/** The operation id was already applied with a different transaction; nothing was written. */
export function operationIdReused(
  subject: string,
  operationId: string,
  cause: unknown,
): SessionKitError {
  return new SessionKitError({
    adapter: PACKAGE_NAME,
    operation: "applyHistoryTransaction",
    subject,
    code: "CONFLICT",
    problem: `operation ${JSON.stringify(operationId)} was already applied with a different transaction`,
    remedy: "use a new operationId for a different transaction, or resend the original one",
    cause,
  });
}

/** A replace_suffix whose expectedSuffix is not the current tail; nothing was written. */
export function suffixMismatch(
  subject: string,
  operationId: string,
  expected: number,
): SessionKitError {
  return new SessionKitError({
    adapter: PACKAGE_NAME,
    operation: "applyHistoryTransaction",
    subject,
    code: "STALE",
    problem: `operation ${JSON.stringify(operationId)}: the last ${expected} item(s) of the history do not match expectedSuffix`,
    remedy: "read the history again and build the transaction from what is stored now",
  });
}

/** A compare-and-swap write lost to other writers too many times in a row. */
export function tooMuchContention(
  operation: string,
  subject: string,
  attempts: number,
): SessionKitError {
  return new SessionKitError({
    adapter: PACKAGE_NAME,
    operation,
    subject,
    code: "BUSY",
    problem: `other writers changed the history ${attempts} times while this call retried`,
  });
}
