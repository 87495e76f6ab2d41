/** Every failure of a sessionkit operation carries one of these codes. */
export const ErrorCode = {
  NOT_FOUND: "NOT_FOUND",
  ALREADY_EXISTS: "ALREADY_EXISTS",
  STALE: "STALE",
  CONFLICT: "CONFLICT",
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
  LIMIT: "LIMIT",
  BUSY: "BUSY",
  CORRUPT: "CORRUPT",
  SCHEMA: "SCHEMA",
  CLOSED: "CLOSED",
  UNSUPPORTED: "UNSUPPORTED",
  IO: "IO",
  /** The store was retired by a migration (finalize): it is kept for reading, never written. */
  RETIRED: "RETIRED",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** What to do about each code, used when the thrower gives no more specific advice. */
export const defaultRemedy: Record<ErrorCode, string> = {
  NOT_FOUND: "check the app name, user id and session id, or create the session first",
  ALREADY_EXISTS: "use another session id, or read the existing session instead",
  STALE: "reload the session and retry with its current revision",
  CONFLICT: "use a new event id for different content, or resend the original content",
  INVALID_ARGUMENT: "fix the value and retry",
  LIMIT: "shrink the value or raise the limit in the repository options",
  BUSY: "retry later, or raise busyTimeoutMs if this happens under normal load",
  CORRUPT: "restore the file from a backup; run `sessionkit check` to list every damaged file",
  SCHEMA: "upgrade the @sessionkit packages to a version that knows this schema",
  CLOSED: "open a new repository; this one was closed",
  UNSUPPORTED: "check repository.capabilities before calling this operation",
  IO: "check that the path exists, is writable and that the disk has space",
  RETIRED: "write to the store that replaced this one (the message names it)",
};
