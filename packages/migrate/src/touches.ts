import {
  type ExpireIdleOptions,
  type JsonObject,
  type SessionKey,
  type StateScope,
  splitStateDelta,
} from "@sessionkit/core";
import { keyString, scopeString } from "./keys.js";

/** A session changed through the primary store that the secondary must receive. */
export interface SessionTouch {
  key: SessionKey;
  operation: string;
  /** "replace" when the new primary copy may carry a lower revision (deleted, re-created, replaced). */
  mode: "if-newer" | "replace";
}

/**
 * Everything one call (or one transaction) changed in the primary store: sessions, state scopes,
 * meta entries, and operations spanning many sessions. The mirror copies these to the secondary.
 */
export class Touches {
  readonly sessions = new Map<string, SessionTouch>();
  readonly scopes = new Map<string, { scope: StateScope; operation: string }>();
  readonly meta = new Map<string, string>();
  readonly expireIdle: ExpireIdleOptions[] = [];

  session(key: SessionKey, operation: string, mode: "if-newer" | "replace" = "if-newer"): void {
    const k = keyString(key);
    const prev = this.sessions.get(k);
    const finalMode = prev?.mode === "replace" ? "replace" : mode;
    this.sessions.set(k, {
      key: { appName: key.appName, userId: key.userId, sessionId: key.sessionId },
      operation,
      mode: finalMode,
    });
  }

  scope(scope: StateScope, operation: string): void {
    const s: StateScope =
      scope.userId === undefined
        ? { appName: scope.appName }
        : { appName: scope.appName, userId: scope.userId };
    this.scopes.set(scopeString(s), { scope: s, operation });
  }

  /** Records the app and user scopes a state delta writes to. */
  delta(
    key: { appName: string; userId: string },
    delta: JsonObject | undefined,
    operation: string,
  ): void {
    if (!delta) return;
    const split = splitStateDelta(delta);
    if (split.app.length > 0) this.scope({ appName: key.appName }, operation);
    if (split.user.length > 0) this.scope({ appName: key.appName, userId: key.userId }, operation);
  }

  get empty(): boolean {
    return (
      this.sessions.size === 0 &&
      this.scopes.size === 0 &&
      this.meta.size === 0 &&
      this.expireIdle.length === 0
    );
  }
}
