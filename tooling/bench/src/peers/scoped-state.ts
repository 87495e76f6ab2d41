/** ADK's prefix for user-scoped state keys, which the workloads' state deltas use. */
export const USER_PREFIX = "user:";

/** A workload state delta split into session keys and user keys (the latter without `user:`). */
export interface SplitDelta {
  session: Record<string, unknown>;
  user: Record<string, unknown>;
}

/** Splits `delta` by scope for a peer that stores session and user state in different places. */
export function splitDelta(delta: Readonly<Record<string, unknown>>): SplitDelta {
  const split: SplitDelta = { session: {}, user: {} };
  for (const [key, value] of Object.entries(delta)) {
    if (key.startsWith(USER_PREFIX)) split.user[key.slice(USER_PREFIX.length)] = value;
    else split.session[key] = value;
  }
  return split;
}

/** Several deltas folded into one, later keys winning (a batch's net state change). */
export function foldDeltas(
  deltas: ReadonlyArray<Readonly<Record<string, unknown>> | undefined>,
): SplitDelta {
  const folded: SplitDelta = { session: {}, user: {} };
  for (const delta of deltas) {
    if (!delta) continue;
    const { session, user } = splitDelta(delta);
    Object.assign(folded.session, session);
    Object.assign(folded.user, user);
  }
  return folded;
}

/** The merged state a reader sees: session keys plus the user's keys under `user:`. */
export function mergeState(
  session: Readonly<Record<string, unknown>> | null | undefined,
  user: Readonly<Record<string, unknown>> | null | undefined,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...session };
  for (const [key, value] of Object.entries(user ?? {})) merged[USER_PREFIX + key] = value;
  return merged;
}

/** Whether an object has any own key. */
export function hasKeys(record: Readonly<Record<string, unknown>>): boolean {
  for (const _ in record) return true;
  return false;
}
