/**
 * A remote request that got no answer within the deadline (`requestTimeoutMs`). Raised by the
 * client driver, converted once by `convertLibsqlError`: `BUSY` when repeating the request is
 * harmless (a read, or an append whose event ids are fixed before the first attempt), `IO` when
 * a write may or may not have been applied.
 */
export class RequestDeadlineError extends Error {
  readonly code = "REQUEST_TIMEOUT";

  constructor(
    readonly timeoutMs: number,
    readonly requestKind: string,
    /** True when the request may have changed data and repeating it is not known to be safe. */
    readonly outcomeUnknown: boolean,
  ) {
    super(`no answer to a ${requestKind} request within ${timeoutMs} ms`);
    this.name = "RequestDeadlineError";
  }
}
