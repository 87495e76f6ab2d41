import { isSessionKitError, SessionKitError } from "@sessionkit/core";

/** The adapter name studio errors carry. */
export const STUDIO = "studio";

/** What an API error looks like on the wire: the code and the remedy, for the page to show. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    remedy: string;
    operation?: string;
    subject?: string;
  };
}

/** A studio request that cannot be served as asked (bad parameter, refused write). */
export function studioError(
  code: "INVALID_ARGUMENT" | "NOT_FOUND" | "UNSUPPORTED",
  operation: string,
  problem: string,
  remedy: string,
  subject?: string,
): SessionKitError {
  return new SessionKitError({
    code,
    adapter: STUDIO,
    operation,
    problem,
    remedy,
    ...(subject !== undefined ? { subject } : {}),
  });
}

/** The HTTP status and body for `error`; store errors keep their own code and remedy. */
export function errorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (isSessionKitError(error)) {
    const status =
      error.code === "NOT_FOUND"
        ? 404
        : error.code === "INVALID_ARGUMENT" || error.code === "LIMIT"
          ? 400
          : error.code === "UNSUPPORTED" && error.adapter === STUDIO
            ? 403
            : error.code === "STALE" || error.code === "CONFLICT"
              ? 409
              : 500;
    return {
      status,
      body: {
        error: {
          code: error.code,
          message: error.message,
          remedy: error.remedy,
          operation: error.operation,
          ...(error.subject !== undefined ? { subject: error.subject } : {}),
        },
      },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: 500,
    body: {
      error: {
        code: "INTERNAL",
        message,
        remedy: "see the studio's terminal output; report it if it persists",
      },
    },
  };
}
