import type { SessionKey, SessionSnapshot, StateScope } from "@sessionkit/core";

/** The key of a snapshot. */
export function keyOf(snapshot: Pick<SessionSnapshot, "appName" | "userId" | "id">): SessionKey {
  return { appName: snapshot.appName, userId: snapshot.userId, sessionId: snapshot.id };
}

/** An unambiguous string form of a key, for maps and sets. */
export function keyString(key: SessionKey): string {
  return JSON.stringify([key.appName, key.userId, key.sessionId]);
}

export function scopeString(scope: StateScope): string {
  return JSON.stringify(
    scope.userId === undefined ? [scope.appName] : [scope.appName, scope.userId],
  );
}

export function parseScopeString(text: string): StateScope {
  const [appName, userId] = JSON.parse(text) as [string, string | undefined];
  return userId === undefined ? { appName } : { appName, userId };
}

export function parseKeyString(text: string): SessionKey {
  const [appName, userId, sessionId] = JSON.parse(text) as [string, string, string];
  return { appName, userId, sessionId };
}

/** Human-readable key for reports: app/user/session with JSON quoting. */
export function describeSessionKey(key: SessionKey): string {
  return `${JSON.stringify(key.appName)}/${JSON.stringify(key.userId)}/${JSON.stringify(key.sessionId)}`;
}
