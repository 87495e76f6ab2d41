import { MAX_ID_LENGTH, type SessionRepository } from "@sessionkit/core";

/** Sorts after every valid id (ids are at most MAX_ID_LENGTH code units long). */
const AFTER_EVERY_ID = "\uffff".repeat(MAX_ID_LENGTH);

/** At most this many app names are listed (a store with more is unusual; the page says so). */
export const MAX_APPS = 200;

/**
 * The app names of the store, ascending, found by skipping from app to app through
 * `scanSessions` (one one-key read per app), so it stays fast on a million sessions. The
 * contract has no "list apps" operation; this reads the first key after every app's last one.
 */
export async function listAppNames(repo: SessionRepository): Promise<string[]> {
  const apps: string[] = [];
  let after: { appName: string; userId: string; sessionId: string } | undefined;
  while (apps.length < MAX_APPS) {
    const [next] = await repo.scanSessions({ limit: 1, ...(after ? { after } : {}) });
    if (next === undefined) break;
    apps.push(next.appName);
    // No key of this app sorts after (appName, U+FFFF…, U+FFFF…) in code-unit order.
    after = { appName: next.appName, userId: AFTER_EVERY_ID, sessionId: AFTER_EVERY_ID };
  }
  return apps;
}
