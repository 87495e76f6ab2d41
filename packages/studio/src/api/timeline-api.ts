import { APP_PREFIX, type JsonObject, USER_PREFIX } from "@sessionkit/core";
import { type ApiHandler, storeOf } from "./api-context.js";
import { studioError } from "./studio-error.js";

/** A timeline page holds at most this many events (listEvents' own maximum). */
const MAX_PAGE = 1_000;

/**
 * `GET /api/session?app=&user=&session=`: the session record (expired included) with its state
 * split by scope, without events.
 */
export const getSession: ApiHandler = async (params, ctx) => {
  const key = params.sessionKey();
  const session = await storeOf(ctx, params).getSession(key, {
    recentEvents: 0,
    includeExpired: true,
  });
  if (session === null) {
    throw studioError(
      "NOT_FOUND",
      "getSession",
      "no such session in this store",
      "check the app, user and session id; it may have been deleted",
      `${key.appName}/${key.userId}/${key.sessionId}`,
    );
  }
  const { state, ...record } = session;
  return { session: record, state: splitState(state) };
};

/**
 * `GET /api/events?app=&user=&session=&afterSeq=&beforeSeq=&order=&limit=`: one page of the
 * session's events in seq order (listEvents; the timeline asks for the seq range it shows).
 */
export const listEvents: ApiHandler = async (params, ctx) => {
  const afterSeq = params.integer("afterSeq");
  const beforeSeq = params.integer("beforeSeq");
  const page = await storeOf(ctx, params).listEvents(params.sessionKey(), {
    limit: Math.min(params.integer("limit", 200), MAX_PAGE),
    order: params.choice<"asc" | "desc">("order", ["asc", "desc"], "asc"),
    includeExpired: true,
    ...(afterSeq !== undefined ? { afterSeq } : {}),
    ...(beforeSeq !== undefined ? { beforeSeq } : {}),
  });
  return page;
};

/** The merged state of a session split into its three scopes, keys without their prefixes. */
export function splitState(state: JsonObject): {
  session: JsonObject;
  user: JsonObject;
  app: JsonObject;
} {
  const split = { session: {} as JsonObject, user: {} as JsonObject, app: {} as JsonObject };
  for (const [name, value] of Object.entries(state)) {
    if (name.startsWith(APP_PREFIX)) split.app[name.slice(APP_PREFIX.length)] = value;
    else if (name.startsWith(USER_PREFIX)) split.user[name.slice(USER_PREFIX.length)] = value;
    else split.session[name] = value;
  }
  return split;
}
