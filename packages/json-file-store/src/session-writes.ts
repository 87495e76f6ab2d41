import type { ErrorContext, SessionKey, SessionSnapshot } from "@sessionkit/core";
import type { CreateSessionInput } from "@sessionkit/core/adapter-kit";
import { applyEntries, type ScopedDelta, sessionAlreadyExists } from "@sessionkit/core/adapter-kit";
import type { SessionHeader } from "./format.js";
import type { WorkUnit } from "./work-unit.js";

/**
 * Stages the app and user state entries of a write (the `app:` and `user:` keys of a state
 * delta) in `unit`: user state first, then app state, each read (and locked) only when touched.
 */
export async function stageScopedEntries(
  unit: WorkUnit,
  key: SessionKey,
  { app, user }: Pick<ScopedDelta, "app" | "user">,
  ctx: ErrorContext,
): Promise<void> {
  if (user.length > 0) {
    const current = await unit.userState(key.appName, key.userId, ctx);
    unit.stageUserState(key.appName, key.userId, applyEntries(current, user));
  }
  if (app.length > 0) {
    const current = await unit.appState(key.appName, ctx);
    unit.stageAppState(key.appName, applyEntries(current, app));
  }
}

/**
 * Stages a new session with its initial state (and the app and user state it touches).
 * @returns the stored record. @throws ALREADY_EXISTS when the session exists (even expired).
 */
export async function stageNewSession(
  unit: WorkUnit,
  { key, state, metadata }: CreateSessionInput,
  now: () => number,
  ctx: ErrorContext,
): Promise<SessionSnapshot> {
  if (await unit.session(key, ctx)) throw sessionAlreadyExists(ctx);
  if (state) await stageScopedEntries(unit, key, state, ctx);
  const at = now();
  const rec: SessionSnapshot = {
    id: key.sessionId,
    appName: key.appName,
    userId: key.userId,
    status: "active",
    metadata,
    state: applyEntries({}, state?.session ?? []),
    createdAt: at,
    updatedAt: at,
    expiredAt: null,
    revision: 1,
    lastSeq: 0,
    events: [],
  };
  unit.stageSession(key, rec, ctx);
  return rec;
}

/** The record of a session after it expired at `now`: one more revision, nothing else changed. */
export function expiredRecord<T extends SessionHeader>(rec: T, now: number): T {
  return { ...rec, status: "expired", expiredAt: now, revision: rec.revision + 1 };
}

/** Stages the deletion of a session and tells its watchers it is gone (after the commit). */
export function stageDeletion(unit: WorkUnit, key: SessionKey, ctx: ErrorContext): void {
  unit.stageSession(key, null, ctx);
  unit.notifications.push({ file: unit.sessionFile(key), event: null });
}
