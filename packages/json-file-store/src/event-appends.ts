import type { ErrorContext, SessionEvent, SessionKey } from "@sessionkit/core";
import {
  applyEntries,
  type PreparedEvent,
  planAppend,
  type ScopedDelta,
  sessionNotFound,
  storedBatch,
} from "@sessionkit/core/adapter-kit";
import { stageScopedEntries } from "./session-writes.js";
import type { WorkUnit } from "./work-unit.js";

/**
 * Appends prepared events to one session in `unit`: checks everything first (NOT_FOUND,
 * CONFLICT, STALE), then stages the new events with the session, app and user state their
 * deltas change; all or nothing. Partial events are only published (after the commit), never
 * stored. Returns the events as the caller sees them, in batch order (a repeated event as
 * stored).
 */
export async function appendToSession(
  unit: WorkUnit,
  key: SessionKey,
  events: PreparedEvent[],
  expectedRevision: number | undefined,
  now: () => number,
  ctx: ErrorContext,
): Promise<SessionEvent[]> {
  const rec = await unit.session(key, ctx);
  if (!rec || rec.status === "expired") throw sessionNotFound(ctx, rec !== null);
  const byId = new Map<string, SessionEvent>();
  if (events.some((e) => e.id !== undefined && !e.partial)) {
    for (const e of rec.events) byId.set(e.id, e);
  }
  const existing = planAppend(events, (id) => byId.get(id), rec.revision, expectedRevision, ctx);
  const file = unit.sessionFile(key);
  const at = now();
  const batch = storedBatch(events, existing, rec.lastSeq, at);
  const appended: SessionEvent[] = [];
  const scoped: ScopedDelta = { session: [], app: [], user: [] };
  batch.forEach((stored, i) => {
    if (existing[i]) return;
    unit.notifications.push({ file, event: stored });
    if (stored.partial) return;
    appended.push(stored);
    const delta = (events[i] as PreparedEvent).scoped;
    if (delta) {
      scoped.session.push(...delta.session);
      scoped.app.push(...delta.app);
      scoped.user.push(...delta.user);
    }
  });
  const last = appended[appended.length - 1];
  if (last) {
    await stageScopedEntries(unit, key, scoped, ctx);
    unit.stageSession(
      key,
      {
        ...rec,
        state: applyEntries(rec.state, scoped.session),
        updatedAt: at,
        revision: rec.revision + appended.length,
        lastSeq: last.seq,
        events: [...rec.events, ...appended],
      },
      ctx,
    );
  }
  return batch.map((event, i) => (existing[i] ? event : structuredClone(event)));
}
