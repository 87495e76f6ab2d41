import {
  countDrift,
  EXPORT_RECORD_NAME,
  readBackfillCheckpoint,
  readDrift,
  readMigrationRecord,
  readShadowMismatches,
  repositorySource,
  type StoredDriftEntry,
  verify,
} from "@sessionkit/migrate";
import type { ApiHandler } from "./api-context.js";
import { backfillRate } from "./backfill-rate.js";
import { nextSafeStep } from "./next-command.js";
import { studioError } from "./studio-error.js";

/** Journal entries listed at most (they are all counted). */
const LISTED = 50;
/** Counting stops here (as `sessionkit-migrate status` does). */
const COUNT_CAP = 100_000;

/**
 * `GET /api/migration`: the phased migration recorded in the main store, read-only: record and
 * phase history, backfill checkpoint with rate and ETA, drift journal, shadow-read mismatches,
 * the last export, the last verify run here and the next safe command.
 */
export const migrationStatus: ApiHandler = async (_params, ctx) => {
  const [main, legacy] = ctx.stores;
  if (main === undefined) throw new Error("the studio has no store");
  const target = main.repository;
  const record = await readMigrationRecord(target);
  if (record === null) {
    return {
      initialized: false,
      next: nextSafeStep({
        record,
        checkpoint: null,
        drift: { target: 0, legacy: 0 },
        verify: null,
      }),
    };
  }
  const checkpoint = await readBackfillCheckpoint(target);
  const drift = {
    target: await countDrift(target, "target", COUNT_CAP),
    legacy: await countDrift(target, "legacy", COUNT_CAP),
  };
  const driftEntries: StoredDriftEntry[] = [];
  for await (const entry of readDrift(target)) {
    driftEntries.push(entry);
    if (driftEntries.length >= LISTED) break;
  }
  const shadow = await readShadowMismatches(target, 20);
  const legacySessions = legacy ? (await legacy.repository.stats()).sessions : null;
  return {
    initialized: true,
    target: main.name,
    legacyStore: legacy?.name ?? null,
    record,
    backfill: checkpoint
      ? { checkpoint, ...backfillRate(checkpoint, legacySessions, Date.now()) }
      : null,
    drift,
    driftEntries,
    shadow,
    lastExport: await target.getMeta(EXPORT_RECORD_NAME),
    lastVerify: ctx.lastVerify,
    next: nextSafeStep({ record, checkpoint, drift, verify: ctx.lastVerify }),
  };
};

/**
 * `POST /api/migration/verify`: compares the legacy store with the target (reads only; allowed
 * in read-only mode) and keeps the report as the page's "last verify".
 */
export const runVerify: ApiHandler = async (_params, ctx) => {
  const [main, legacy] = ctx.stores;
  if (main === undefined || legacy === undefined) {
    throw studioError(
      "UNSUPPORTED",
      "verify",
      "this studio was started without the legacy store",
      "restart it with --legacy <url> (or on a target whose migration record names a json: legacy store)",
    );
  }
  const report = await verify({
    legacy: repositorySource(legacy.repository, legacy.name),
    target: main.repository,
    targetName: main.name,
    maxListed: 50,
  });
  ctx.lastVerify = report;
  return report;
};
