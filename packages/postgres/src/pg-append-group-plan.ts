import { generateId, type SessionKey } from "@sessionkit/core";
import type { CoalescedAppend } from "@sessionkit/sql";
import { watchKeyOf } from "@sessionkit/sql";

/** The appends of one session that a group commit writes set-based, in submission order. */
export interface SessionMembers {
  readonly key: SessionKey;
  /** Indexes into the group's appends, in submission order. */
  readonly members: number[];
  /** Every event id of the members (all assigned). */
  readonly ids: Set<string>;
}

/**
 * Picks the appends of a group that the set-based path can write, by session (keyed by
 * `watchKeyOf`). Per session, a PREFIX of its appends in submission order: the first append
 * that is not eligible (partial events, an empty batch, an event id repeated in the session's
 * appends of this group) and every later one of that session are left to the shared logic,
 * which runs them alone after the group's commit, so per-session order stays submission order.
 * Assigns ids to events without one (kept for a retry of the call).
 */
export function planSessionMembers(
  appends: readonly CoalescedAppend[],
): Map<string, SessionMembers> {
  const sessions = new Map<string, SessionMembers>();
  const closed = new Set<string>();
  appends.forEach((append, index) => {
    const { appName, userId, sessionId } = append.key;
    const watchKey = watchKeyOf(appName, userId, sessionId);
    if (closed.has(watchKey)) return;
    let session = sessions.get(watchKey);
    const seen = session?.ids ?? new Set<string>();
    const mine = new Set<string>();
    let eligible = append.events.length > 0;
    for (const e of append.events) {
      if (!eligible || e.partial) {
        eligible = false;
        break;
      }
      e.id ??= generateId();
      if (seen.has(e.id) || mine.has(e.id)) eligible = false;
      else mine.add(e.id);
    }
    if (!eligible) {
      closed.add(watchKey);
      return;
    }
    if (session === undefined) {
      session = { key: append.key, members: [], ids: seen };
      sessions.set(watchKey, session);
    }
    for (const id of mine) session.ids.add(id);
    session.members.push(index);
  });
  return sessions;
}
