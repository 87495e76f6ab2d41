import type { AppScope, NewSessionKey, SessionKey, UserScope } from "../contract/session-key.js";
import type { ErrorContext } from "../errors/session-kit-error.js";
import { assertId } from "./ids.js";
import { invalidArgument } from "./invalid.js";

function assertObject(
  value: unknown,
  path: string,
  ctx: ErrorContext,
): asserts value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalidArgument(ctx, path, "must be an object with appName, userId and sessionId");
  }
}

/** Validates `{ appName, userId, sessionId }`. */
export function assertSessionKey(
  key: unknown,
  ctx: ErrorContext,
  path = "key",
): asserts key is SessionKey {
  assertObject(key, path, ctx);
  assertId(key.appName, `${path}.appName`, ctx);
  assertId(key.userId, `${path}.userId`, ctx);
  assertId(key.sessionId, `${path}.sessionId`, ctx);
}

/** Validates `{ appName, userId, sessionId? }`. */
export function assertNewSessionKey(key: unknown, ctx: ErrorContext): asserts key is NewSessionKey {
  assertObject(key, "key", ctx);
  assertId(key.appName, "key.appName", ctx);
  assertId(key.userId, "key.userId", ctx);
  if (key.sessionId !== undefined) assertId(key.sessionId, "key.sessionId", ctx);
}

/** Validates `{ appName, userId }`. */
export function assertUserScope(scope: unknown, ctx: ErrorContext): asserts scope is UserScope {
  assertObject(scope, "scope", ctx);
  assertId(scope.appName, "scope.appName", ctx);
  assertId(scope.userId, "scope.userId", ctx);
}

/** Validates `{ appName }`. */
export function assertAppScope(scope: unknown, ctx: ErrorContext): asserts scope is AppScope {
  assertObject(scope, "scope", ctx);
  assertId(scope.appName, "scope.appName", ctx);
}
