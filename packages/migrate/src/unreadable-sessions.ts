import { isSessionKitError, type SessionKey } from "@sessionkit/core";
import type { BackfillProblem } from "./backfill-types.js";
import type { UnreadableHandler } from "./session-source.js";

/** At most this many unreadable sessions are listed (all of them are counted). */
const MAX_LISTED = 1000;

/**
 * Collects the legacy sessions that cannot be read because their data is damaged (a
 * `SessionKitError` with code CORRUPT, e.g. a truncated JSON file): `handler` skips them and
 * lists each with its file and reason. Any other read error still ends the stream.
 */
export class UnreadableSessions {
  /** Up to 1,000 skipped sessions with the reason (and the damaged file when known). */
  readonly listed: BackfillProblem[] = [];
  /** Every skipped session. */
  count = 0;

  /** @param onSkip called once per skipped session (e.g. to count it in a checkpoint). */
  handler(onSkip?: (key: SessionKey) => void): UnreadableHandler {
    return (key, error) => {
      if (!isSessionKitError(error, "CORRUPT")) return false;
      this.count++;
      if (this.listed.length < MAX_LISTED) {
        this.listed.push({
          key,
          code: error.code,
          message: error.message,
          ...(error.subject ? { file: error.subject } : {}),
        });
      }
      onSkip?.(key);
      return true;
    };
  }
}
