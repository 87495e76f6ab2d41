import type { ErrorContext } from "../errors/session-kit-error.js";

/**
 * The error context of one call. A function subject (usually a formatted session key) is
 * rendered once, only when an error reads it, so the hot path never formats the key.
 */
export function lazyContext(
  adapter: string,
  operation: string,
  subject?: string | (() => string),
): ErrorContext {
  if (typeof subject !== "function") return { adapter, operation, subject };
  let rendered: string | undefined;
  return {
    adapter,
    operation,
    get subject() {
      rendered ??= subject();
      return rendered;
    },
  };
}
