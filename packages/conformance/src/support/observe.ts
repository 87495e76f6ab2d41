import type { JsonValue, SessionKey, SessionRepository } from "@sessionkit/core";

/**
 * Everything a caller can observe about the given sessions and their scopes: snapshots (record,
 * events, session state), merged reads, app and user state and the meta table. Two equal
 * observations mean nothing changed.
 */
export async function observe(
  repository: SessionRepository,
  keys: SessionKey[],
): Promise<JsonValue> {
  const out: JsonValue[] = [];
  for (const key of keys) {
    const snapshot = await repository.readSnapshot(key);
    const session = await repository.getSession(key, { includeExpired: true });
    out.push({
      snapshot: snapshot as unknown as JsonValue,
      session: session as unknown as JsonValue,
      app: await repository.getAppState({ appName: key.appName }),
      user: await repository.getUserState({ appName: key.appName, userId: key.userId }),
    });
  }
  const meta = await repository.listMeta("");
  out.push(meta as unknown as JsonValue);
  return out;
}
