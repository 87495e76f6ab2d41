import type { SessionKey, SessionRepository } from "@sessionkit/core";

/** Sessions of one owner (app and user) that a command selected. */
export interface OwnerCount {
  appName: string;
  userId: string;
  sessions: number;
}

/** One app of the store: how many sessions (any status) and users it has. */
export interface AppSummary {
  appName: string;
  sessions: number;
  users: number;
}

const SCAN_PAGE = 10_000;

/** Every session key of the store (or of one app), in key order, read page by page. */
export async function* scanAllKeys(
  repo: SessionRepository,
  appName?: string,
): AsyncGenerator<SessionKey> {
  let after: SessionKey | undefined;
  for (;;) {
    const page = await repo.scanSessions({
      limit: SCAN_PAGE,
      ...(appName !== undefined ? { appName } : {}),
      ...(after ? { after } : {}),
    });
    yield* page;
    if (page.length < SCAN_PAGE) return;
    after = page[page.length - 1];
  }
}

/** The apps of the store with their session and user counts, by app name. */
export async function listApps(repo: SessionRepository): Promise<AppSummary[]> {
  const apps = new Map<string, { sessions: number; users: Set<string> }>();
  for await (const key of scanAllKeys(repo)) {
    let app = apps.get(key.appName);
    if (app === undefined) {
      app = { sessions: 0, users: new Set() };
      apps.set(key.appName, app);
    }
    app.sessions += 1;
    app.users.add(key.userId);
  }
  return [...apps].map(([appName, app]) => ({
    appName,
    sessions: app.sessions,
    users: app.users.size,
  }));
}
