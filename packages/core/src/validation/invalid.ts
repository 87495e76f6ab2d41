import type { ErrorContext } from "../errors/session-kit-error.js";
import { SessionKitError } from "../errors/session-kit-error.js";

/** Builds the INVALID_ARGUMENT error for `path` (e.g. `content.parts[2].at is a Date`). */
export function invalidArgument(ctx: ErrorContext, path: string, problem: string): SessionKitError {
  return new SessionKitError({
    ...ctx,
    code: "INVALID_ARGUMENT",
    problem: `${path} ${problem}`,
    remedy: "pass a valid value; nothing was written",
    path,
  });
}

/** Appends a property name to a path the way a reader would write it. */
export function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
