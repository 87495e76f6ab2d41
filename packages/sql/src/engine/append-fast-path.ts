import type { ErrorContext, SessionEvent, SessionKey } from "@sessionkit/core";
import type { PreparedEvent } from "@sessionkit/core/adapter-kit";
import type { SqlWork } from "../driver/sql-work.js";
import type { SessionEngine } from "./session-engine.js";
import type { WriteContext } from "./write-context.js";

/**
 * An adapter's shortcut for the common append (active session, expected revision, new ids),
 * tried by {@link SessionEngine.appendEvents} before the shared logic: fewer statements on a
 * driver where each call is expensive, or one round trip to a remote server.
 *
 * Contract: return the stored events (exactly what the shared logic would have returned, with
 * the same rows, seqs, state and `w.published` notifications), or `null` having written
 * NOTHING, so the shared logic decides (NOT_FOUND, STALE, idempotent retry, CONFLICT). It runs
 * inside the caller's write transaction. It may assign ids to events without one (`e.id`); the
 * shared logic then uses them, and a retry of the same call reuses them.
 */
export interface AppendFastPath {
  /**
   * Appends `events` to the session `key` in the common case, or returns null having written
   * nothing (see the interface). `engine` offers the shared steps (e.g. `applyScopedRows`).
   */
  tryAppend(
    engine: SessionEngine,
    key: SessionKey,
    events: readonly PreparedEvent[],
    expectedRevision: number | undefined,
    w: WriteContext,
    ctx: ErrorContext,
  ): SqlWork<SessionEvent[] | null>;
}
