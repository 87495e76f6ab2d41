import type { ApiHandler } from "./api-context.js";
import { migrationStatus, runVerify } from "./migration-api.js";
import { listApps, listSessions, listStores, searchEvents } from "./sessions-api.js";
import { keyHistory, readState } from "./state-api.js";
import { storeIntegrity, storeOverview } from "./store-api.js";
import { getSession, listEvents } from "./timeline-api.js";
import { deleteSession, expireSession, updateState } from "./write-api.js";

/** The JSON API: "METHOD /path" → handler (`/api/watch`, the SSE stream, is served apart). */
export const ROUTES: ReadonlyMap<string, ApiHandler> = new Map([
  ["GET /api/stores", listStores],
  ["GET /api/apps", listApps],
  ["GET /api/sessions", listSessions],
  ["GET /api/search", searchEvents],
  ["GET /api/session", getSession],
  ["GET /api/events", listEvents],
  ["GET /api/state", readState],
  ["GET /api/state/history", keyHistory],
  ["GET /api/store", storeOverview],
  ["GET /api/store/integrity", storeIntegrity],
  ["GET /api/migration", migrationStatus],
  ["POST /api/migration/verify", runVerify],
  ["POST /api/session/expire", expireSession],
  ["POST /api/session/delete", deleteSession],
  ["POST /api/state/update", updateState],
]);
