import {
  type ErrorContext,
  generateId,
  type SessionEvent,
  type SessionKey,
} from "@sessionkit/core";
import type { PreparedEvent } from "@sessionkit/core/adapter-kit";
import {
  type AppendFastPath,
  type SessionEngine,
  type WriteContext,
  watchKeyOf,
} from "@sessionkit/sql";
import type { SqlRow, SqlWork } from "@sessionkit/sql/driver";
import { isGuardFailure, oneBatchStatements, planAppendBatch } from "./append-batch.js";
import { batch } from "./batch-request.js";

/**
 * A remote-server append as ONE batch, so one round trip and no write lock held across round
 * trips, in the common case (active session, expected revision, new ids). When the guard
 * refuses, the batch left nothing behind and the shared append logic decides (NOT_FOUND,
 * STALE, idempotent retry, CONFLICT), reading first.
 *
 * Each event without a caller-given id gets its id here, once, before the first attempt (the
 * prepared events live for the whole call), so every retry of the same call (after BUSY or a
 * missed deadline) writes the same ids: a retry of an append that did commit is recognised as
 * such instead of appending the events twice. That makes the batch idempotent, so a missed
 * deadline on it is BUSY (safe to retry), not IO.
 */
export class RemoteAppendFastPath implements AppendFastPath {
  *tryAppend(
    engine: SessionEngine,
    key: SessionKey,
    events: readonly PreparedEvent[],
    expectedRevision: number | undefined,
    w: WriteContext,
    _ctx: ErrorContext,
  ): SqlWork<SessionEvent[] | null> {
    for (const e of events) if (e.id === undefined && !e.partial) e.id = generateId();
    const plan = planAppendBatch(key, events, expectedRevision, w.now, engine.fullText);
    if (plan === null) return null;
    const { statements, bumpIndex } = oneBatchStatements(plan);
    let results: SqlRow[][];
    try {
      results = yield* batch(statements, true);
    } catch (error) {
      if (!isGuardFailure(error)) throw error;
      return null;
    }
    const row = results[bumpIndex]?.[0];
    const stored = plan.eventsFor(Number(row?.last_seq));
    const watchKey = watchKeyOf(key.appName, key.userId, key.sessionId);
    for (const event of stored) w.published.push([watchKey, structuredClone(event)]);
    return stored;
  }
}
