import type { SessionStatus } from "@sessionkit/core";
import { type ApiHandler, storeOf } from "./api-context.js";
import { listAppNames } from "./list-apps.js";

const PAGE_SIZE = 50;

/** `GET /api/stores`: the stores of this studio and whether writes are allowed. */
export const listStores: ApiHandler = async (_params, ctx) => ({
  stores: ctx.stores.map((s) => ({ name: s.name, capabilities: s.repository.capabilities })),
  allowWrites: ctx.allowWrites,
});

/** `GET /api/apps?store=`: the app names of the store, ascending. */
export const listApps: ApiHandler = async (params, ctx) => ({
  apps: await listAppNames(storeOf(ctx, params)),
});

/**
 * `GET /api/sessions?app=&user=&status=&updatedAfter=&metadata=&cursor=&limit=`: one keyset page
 * of sessions, newest update first (listSessions' cursor: constant time per page however deep).
 */
export const listSessions: ApiHandler = async (params, ctx) => {
  const repo = storeOf(ctx, params);
  const userId = params.optional("user");
  const updatedAfter = params.integer("updatedAfter");
  const metadata = params.jsonObject("metadata");
  const cursor = params.optional("cursor");
  const status = params.choice<SessionStatus | "all">(
    "status",
    ["active", "expired", "all"],
    "active",
  );
  const page = await repo.listSessions({
    appName: params.required("app"),
    status,
    limit: params.integer("limit", PAGE_SIZE),
    ...(userId !== undefined ? { userId } : {}),
    ...(updatedAfter !== undefined ? { updatedAfter } : {}),
    ...(metadata !== undefined ? { metadata } : {}),
    ...(cursor !== undefined ? { cursor } : {}),
  });
  return {
    sessions: page.sessions.map(({ state, ...session }) => ({
      ...session,
      stateKeys: Object.keys(state).length,
    })),
    nextCursor: page.nextCursor,
  };
};

/** `GET /api/search?app=&q=&user=&session=&order=`: events matching every term, with snippets. */
export const searchEvents: ApiHandler = async (params, ctx) => {
  const repo = storeOf(ctx, params);
  const userId = params.optional("user");
  const sessionId = params.optional("session");
  const hits = await repo.searchEvents({
    appName: params.required("app"),
    query: params.required("q"),
    order: params.choice<"relevance" | "newest">("order", ["relevance", "newest"], "relevance"),
    limit: params.integer("limit", PAGE_SIZE),
    ...(userId !== undefined ? { userId } : {}),
    ...(sessionId !== undefined ? { sessionId } : {}),
  });
  return {
    hits: hits.map((hit) => ({
      key: hit.key,
      seq: hit.event.seq,
      author: hit.event.author,
      timestamp: hit.event.timestamp,
      snippet: hit.snippet,
    })),
    searchCapability: repo.capabilities.search,
  };
};
