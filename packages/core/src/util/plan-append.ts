import type { SessionEvent } from "../contract/session-event.js";
import { eventConflict, staleRevision } from "../errors/common-errors.js";
import type { ErrorContext } from "../errors/session-kit-error.js";
import { invalidArgument } from "../validation/invalid.js";
import type { PreparedEvent } from "../validation/prepare-event.js";
import { isSameEvent } from "./event-identity.js";

/** Throws INVALID_ARGUMENT when two stored (non-partial) events of one batch share an id. */
export function assertUniqueBatchIds(events: PreparedEvent[], ctx: ErrorContext): void {
  const seen = new Map<string, number>();
  events.forEach((e, i) => {
    if (e.id === undefined || e.partial) return;
    const first = seen.get(e.id);
    if (first !== undefined) {
      throw invalidArgument(
        ctx,
        `events[${i}].id`,
        `repeats events[${first}].id in the same batch`,
      );
    }
    seen.set(e.id, i);
  });
}

/**
 * Decides an append against the stored session, for adapters that hold its events in memory:
 * for each incoming event, the stored event it repeats (an idempotent retry) or null (to write).
 * Idempotency is decided before STALE, so a plain retry of a request that succeeded is harmless.
 * @throws CONFLICT for a stored id with other content; STALE when something would be written
 *   and `expectedRevision` is not `revision`.
 */
export function planAppend(
  events: PreparedEvent[],
  storedById: (id: string) => SessionEvent | undefined,
  revision: number,
  expectedRevision: number | undefined,
  ctx: ErrorContext,
): Array<SessionEvent | null> {
  const existing = events.map((e) => {
    if (e.id === undefined || e.partial) return null;
    const stored = storedById(e.id);
    if (stored === undefined) return null;
    if (!isSameEvent(stored, e)) throw eventConflict(ctx, e.id);
    return stored;
  });
  const writes = events.some((e, i) => existing[i] === null && !e.partial);
  if (writes && expectedRevision !== undefined && expectedRevision !== revision) {
    throw staleRevision(ctx, expectedRevision, revision);
  }
  return existing;
}
