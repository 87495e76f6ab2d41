import type { JsonValue } from "@sessionkit/core";
import { type ApiHandler, storeOf } from "./api-context.js";
import { splitState } from "./timeline-api.js";

/** The key history reads at most this many events (newest first) before it stops. */
const HISTORY_SCAN_LIMIT = 100_000;
/** …and lists at most this many changes. */
const HISTORY_MAX_CHANGES = 200;

/**
 * `GET /api/state?app=&user=&session=`: the app, user and session scopes side by side (user
 * and session only when given).
 */
export const readState: ApiHandler = async (params, ctx) => {
  const repo = storeOf(ctx, params);
  const appName = params.required("app");
  const userId = params.optional("user");
  const sessionId = params.optional("session");
  const app = await repo.getAppState({ appName });
  const user = userId !== undefined ? await repo.getUserState({ appName, userId }) : null;
  let session = null;
  if (userId !== undefined && sessionId !== undefined) {
    const found = await repo.getSession(
      { appName, userId, sessionId },
      { recentEvents: 0, includeExpired: true },
    );
    session = found ? splitState(found.state).session : null;
  }
  return { app, user, session };
};

/** One event that set (or, with `null`, deleted) the key. */
interface KeyChange {
  seq: number;
  author: string;
  timestamp: number;
  value: JsonValue;
}

/**
 * `GET /api/state/history?app=&user=&session=&key=`: the events of one session whose state delta
 * set the key (as written in deltas: `user:` and `app:` keys with their prefix), newest first.
 * Scans the session's events newest first, at most 100,000 of them; `complete` says whether it
 * reached the first event.
 */
export const keyHistory: ApiHandler = async (params, ctx) => {
  const repo = storeOf(ctx, params);
  const key = params.sessionKey();
  const name = params.required("key");
  const changes: KeyChange[] = [];
  let beforeSeq: number | undefined;
  let scanned = 0;
  let complete = false;
  while (scanned < HISTORY_SCAN_LIMIT && changes.length < HISTORY_MAX_CHANGES) {
    const page = await repo.listEvents(key, {
      order: "desc",
      limit: 1_000,
      includeExpired: true,
      ...(beforeSeq !== undefined ? { beforeSeq } : {}),
    });
    for (const event of page.events) {
      const delta = event.stateDelta;
      if (delta && Object.hasOwn(delta, name)) {
        changes.push({
          seq: event.seq,
          author: event.author,
          timestamp: event.timestamp,
          value: delta[name] as JsonValue,
        });
      }
    }
    scanned += page.events.length;
    if (page.nextSeq === null) {
      complete = true;
      break;
    }
    beforeSeq = page.nextSeq;
  }
  return { key: name, changes: changes.slice(0, HISTORY_MAX_CHANGES), scanned, complete };
};
