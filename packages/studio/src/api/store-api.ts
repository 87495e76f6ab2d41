import { type ApiHandler, storeOf } from "./api-context.js";
import { maintenanceHints } from "./maintenance-hints.js";

/**
 * `GET /api/store?store=`: counts, size, schema version, capabilities, one health round trip
 * and maintenance hints.
 */
export const storeOverview: ApiHandler = async (params, ctx) => {
  const repo = storeOf(ctx, params);
  const health = await repo.health();
  const corrupt: string[] = [];
  const stats = await repo.stats({ onCorrupt: (p) => corrupt.push(p.subject ?? p.message) });
  return {
    stats,
    health,
    capabilities: repo.capabilities,
    corruptItems: corrupt.length,
    hints: maintenanceHints(stats, repo.capabilities),
  };
};

/** `GET /api/store/integrity?store=`: runs checkIntegrity (on demand: it reads everything). */
export const storeIntegrity: ApiHandler = async (params, ctx) => {
  const started = Date.now();
  const report = await storeOf(ctx, params).checkIntegrity();
  return { ...report, durationMs: Date.now() - started };
};
