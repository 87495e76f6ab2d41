import type { SessionKey } from "../contract/session-key.js";

/** A readable, unambiguous rendering of a key for error messages. */
export function describeKey(key: Partial<SessionKey> | undefined): string {
  if (!key || typeof key !== "object") return "(no key)";
  const parts = [`app ${JSON.stringify(key.appName)}`, `user ${JSON.stringify(key.userId)}`];
  if (key.sessionId !== undefined) parts.push(`session ${JSON.stringify(key.sessionId)}`);
  return parts.join(", ");
}
