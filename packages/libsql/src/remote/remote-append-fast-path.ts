import {
  type ErrorContext,
  generateId,
  type PreparedEvent,
  type SessionEvent,
  type SessionKey,
} from "@sessionkit/core";
import {
  SessionEngine,
  type SqlRow,
  type SqlWork,
  type WriteContext,
  watchKeyOf,
} from "@sessionkit/sql";
import { isGuardFailure, planAppendBatch } from "./append-batch.js";
import { batch } from "./batch-request.js";

/**
 * Each event without a caller-given id gets its id once, before the first attempt, so every
 * retry of the same call (after BUSY or a missed deadline) writes the same ids: a retry of an
 * append that did commit is recognised as such instead of appending the events twice.
 */
const fixedIds = new WeakMap<PreparedEvent, PreparedEvent>();

function withFixedIds(events: readonly PreparedEvent[]): PreparedEvent[] {
  return events.map((e) => {
    if (e.id !== undefined || e.partial) return e;
    let fixed = fixedIds.get(e);
    if (!fixed) {
      fixed = { ...e, id: generateId() };
      fixedIds.set(e, fixed);
    }
    return fixed;
  });
}

/**
 * The shared engine with a remote-server append: the common case (active session, expected
 * revision, new ids) is ONE batch, so one round trip. When the guard refuses, the batch left
 * nothing behind and the shared append logic decides (NOT_FOUND, STALE, idempotent retry,
 * CONFLICT), reading first.
 */
export class RemoteSessionEngine extends SessionEngine {
  override *appendEvents(
    key: SessionKey,
    events: readonly PreparedEvent[],
    expectedRevision: number | undefined,
    w: WriteContext,
    ctx: ErrorContext,
  ): SqlWork<SessionEvent[]> {
    const fixed = withFixedIds(events);
    const plan = planAppendBatch(key, fixed, expectedRevision, w.now, generateId);
    if (plan === null) return yield* super.appendEvents(key, fixed, expectedRevision, w, ctx);
    let results: SqlRow[][];
    try {
      results = yield* batch(plan.statements, true);
    } catch (error) {
      if (!isGuardFailure(error)) throw error;
      return yield* super.appendEvents(key, fixed, expectedRevision, w, ctx);
    }
    const row = results[plan.bumpIndex]?.[0];
    const stored = plan.eventsFor(Number(row?.last_seq));
    const watchKey = watchKeyOf(key.appName, key.userId, key.sessionId);
    for (const event of stored) w.published.push([watchKey, structuredClone(event)]);
    return stored;
  }
}
