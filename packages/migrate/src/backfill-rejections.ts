import { isSessionKitError, type SessionKey, type SessionKitError } from "@sessionkit/core";
import type { BackfillProblem } from "./backfill-types.js";

/** At most this many rejected sessions are listed (all of them are counted in `failed`). */
const MAX_LISTED = 1000;

/**
 * True for an error with which the target rejects one session's data (INVALID_ARGUMENT or
 * LIMIT): the session is reported and the others are copied. Any other error is the batch's.
 */
export function isRejection(error: unknown): error is SessionKitError {
  return isSessionKitError(error, "INVALID_ARGUMENT") || isSessionKitError(error, "LIMIT");
}

/**
 * The report of the sessions the target rejected. A rejection is held with its batch until the
 * batch commits ({@link commitBatch}); a batch that is written again starts over
 * ({@link beginBatch}), so a session is listed once and only when its batch counted it.
 */
export class RejectedSessions {
  /** Up to 1,000 rejected sessions of committed batches, with the reason. */
  readonly listed: BackfillProblem[] = [];
  private batch: BackfillProblem[] = [];

  /** Forgets the rejections of a batch attempt that did not commit. */
  beginBatch(): void {
    this.batch = [];
  }

  /** Records that the target rejected the session `key` with `error` in the open batch. */
  add(key: SessionKey, error: SessionKitError): void {
    this.batch.push({ key, code: error.code, message: error.message });
  }

  /** Lists the rejections of the batch that just committed. */
  commitBatch(): void {
    for (const problem of this.batch)
      if (this.listed.length < MAX_LISTED) this.listed.push(problem);
    this.batch = [];
  }
}
