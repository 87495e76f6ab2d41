import type { ExpireIdleOptions, JsonObject, SessionKey, StateScope } from "@sessionkit/core";
import { splitStateDelta } from "@sessionkit/core/adapter-kit";
import { keyString, scopeString } from "./keys.js";

/** A session changed through the primary store that the secondary must receive. */
export interface SessionTouch {
  key: SessionKey;
  operation: string;
  /** "replace" when the new primary copy may carry a lower revision (deleted, re-created, replaced). */
  mode: "if-newer" | "replace";
}

/** {@link Touches} as one operation records into it: every touch is attributed to that operation. */
export interface OperationTouches {
  /** A session the primary changed; "replace" when its new copy may carry a lower revision. */
  session(key: SessionKey, mode?: "if-newer" | "replace"): void;
  /** The app and user scopes a state delta wrote to (nothing when there is no delta). */
  delta(key: { appName: string; userId: string }, delta: JsonObject | undefined): void;
  /** A whole app or user scope the primary replaced. */
  scope(scope: StateScope): void;
  /** A meta entry the primary set or deleted. */
  meta(name: string): void;
  /** An expireIdleSessions call that expired sessions in the primary. */
  expireIdle(options: ExpireIdleOptions): void;
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

  /** The recorder one operation writes through: each touch names `operation`. */
  by(operation: string): OperationTouches {
    return {
      session: (key, mode) => this.session(key, operation, mode),
      delta: (key, delta) => this.delta(key, delta, operation),
      scope: (scope) => this.scope(scope, operation),
      meta: (name) => {
        this.meta.set(name, operation);
      },
      expireIdle: (options) => {
        this.expireIdle.push({ ...options });
      },
    };
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
