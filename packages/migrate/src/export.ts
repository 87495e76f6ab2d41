import type { JsonObject, SessionKey, SessionRepository } from "@sessionkit/core";
import { compareKeys } from "@sessionkit/core/adapter-kit";
import { keyOf, scopeString } from "./keys.js";
import { EXPORT_RECORD_NAME, isReservedMetaName } from "./meta-names.js";
import { copyStable } from "./repair.js";
import { scanScopes } from "./session-source.js";

/** What {@link exportToLegacy} copies from where to where, and how. */
export interface ExportOptions {
  /** The sessionkit database to export from (read only, except the export record). */
  target: SessionRepository;
  /** A repository in the legacy layout (e.g. json-file-store at the legacy root or a new root). */
  legacy: SessionRepository;
  /** Count what would be copied, deleted and cleared without writing anything. Default false. */
  dryRun?: boolean;
  /**
   * Called with the number of target sessions handled so far: every 200 sessions, and once
   * when the session pass ends (before state and meta are copied).
   */
  onProgress?: (sessions: number) => void;
  /**
   * Record the export in the target's meta table (under `EXPORT_RECORD_NAME`, the
   * {@link ExportResult}). Default true; never recorded on a dry run.
   */
  record?: boolean;
  /** Clock for `startedAt` / `finishedAt`, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

/** What {@link exportToLegacy} did (or, on a dry run, would do). */
export interface ExportResult {
  /** Whether this was a dry run (nothing written). */
  dryRun: boolean;
  /** Sessions found in the target. */
  sessions: number;
  /** Events in the sessions written (on a dry run: in all target sessions). */
  events: number;
  /** Target sessions written whole into the legacy layout (on a dry run: all of them). */
  written: number;
  /** Legacy sessions that no longer exist in the target, deleted. */
  deleted: number;
  /** App and user state scopes copied from the target. */
  scopes: number;
  /** Legacy scopes the target has no state for, cleared. */
  scopesCleared: number;
  /** Meta entries copied (the migrator's reserved entries excluded). */
  meta: number;
  /** When the export started, in ms since the epoch (`options.now`). */
  startedAt: number;
  /** When it finished, in ms since the epoch. */
  finishedAt: number;
}

async function* scanKeys(repo: SessionRepository): AsyncIterable<SessionKey> {
  let after: SessionKey | undefined;
  for (;;) {
    const keys = await repo.scanSessions({ limit: 1000, ...(after ? { after } : {}) });
    yield* keys;
    if (keys.length < 1000) return;
    after = keys[keys.length - 1];
  }
}

/**
 * Writes the target back into the legacy layout: every session replaced whole (same ids, seqs,
 * revisions, timestamps), legacy sessions absent from the target deleted, app and user state
 * copied (and cleared where the target has none), meta entries copied. Each copy re-reads the
 * target afterwards and copies again when it changed meanwhile, so it is safe while the
 * application runs. Afterwards `verify` between the two is clean.
 */
export async function exportToLegacy(options: ExportOptions): Promise<ExportResult> {
  const now = options.now ?? Date.now;
  const { target, legacy } = options;
  const dryRun = options.dryRun ?? false;
  const result: ExportResult = {
    dryRun,
    sessions: 0,
    events: 0,
    written: 0,
    deleted: 0,
    scopes: 0,
    scopesCleared: 0,
    meta: 0,
    startedAt: now(),
    finishedAt: 0,
  };
  // Counts the events of the copy copyStable wrote last (its final read of the target).
  let lastEvents = 0;
  const countingTarget = {
    readSnapshot: async (key: SessionKey) => {
      const snapshot = await target.readSnapshot(key);
      lastEvents = snapshot?.events.length ?? 0;
      return snapshot;
    },
  };
  const left = scanKeys(target)[Symbol.asyncIterator]();
  const right = scanKeys(legacy)[Symbol.asyncIterator]();
  let a = await left.next();
  let b = await right.next();
  while (!a.done || !b.done) {
    const order = !a.done && !b.done ? compareKeys(a.value, b.value) : !a.done ? -1 : 1;
    if (order <= 0 && !a.done) {
      const key = a.value;
      result.sessions++;
      if (!dryRun) {
        const outcome = await copyStable(countingTarget, legacy, key);
        if (outcome === "written") {
          result.written++;
          result.events += lastEvents;
        }
      } else {
        result.written++;
        result.events += (await target.readSnapshot(key))?.events.length ?? 0;
      }
      if (options.onProgress && result.sessions % 200 === 0) options.onProgress(result.sessions);
    } else if (!b.done) {
      // In legacy only: deleted (or purged) in the target.
      const key = b.value;
      if (!dryRun) {
        const outcome = await copyStable(target, legacy, key);
        if (outcome !== "written") result.deleted++;
      } else result.deleted++;
    }
    if (order <= 0) a = await left.next();
    if (order >= 0) b = await right.next();
  }
  options.onProgress?.(result.sessions);

  const targetScopes = new Set<string>();
  for await (const { scope, state } of scanScopes(target)) {
    targetScopes.add(scopeString(scope));
    result.scopes++;
    if (!dryRun) await legacy.writeScopedState(scope, state);
  }
  for (const scope of await legacy.listStateScopes()) {
    if (targetScopes.has(scopeString(scope))) continue;
    result.scopesCleared++;
    if (!dryRun) await legacy.writeScopedState(scope, {});
  }
  let after: string | undefined;
  for (;;) {
    const page = await target.listMeta("", { limit: 500, ...(after ? { after } : {}) });
    for (const e of page) {
      if (isReservedMetaName(e.name)) continue;
      result.meta++;
      if (!dryRun) await legacy.setMeta(e.name, e.value);
    }
    if (page.length < 500) break;
    after = page[page.length - 1]?.name;
  }
  result.finishedAt = now();
  if (!dryRun && options.record !== false) {
    await target.setMeta(EXPORT_RECORD_NAME, result as unknown as JsonObject);
  }
  return result;
}

export { keyOf };
