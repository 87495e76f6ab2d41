import {
  compareKeys,
  type JsonObject,
  type SessionKey,
  type SessionRepository,
} from "@sessionkit/core";
import { keyOf, scopeString } from "./keys.js";
import { EXPORT_RECORD_NAME, isReservedMetaName } from "./meta-names.js";
import { copyStable } from "./repair.js";
import { scanScopes } from "./session-source.js";

export interface ExportOptions {
  target: SessionRepository;
  /** A repository in the legacy layout (e.g. json-file-store at the legacy root or a new root). */
  legacy: SessionRepository;
  dryRun?: boolean;
  onProgress?: (sessions: number) => void;
  /** Record the export in the target's meta table. Default true. */
  record?: boolean;
  now?: () => number;
}

export interface ExportResult {
  dryRun: boolean;
  sessions: number;
  events: number;
  written: number;
  /** Legacy sessions that no longer exist in the target, deleted. */
  deleted: number;
  scopes: number;
  scopesCleared: number;
  meta: number;
  startedAt: number;
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
        const outcome = await copyStable(target, legacy, key);
        if (outcome === "written") result.written++;
      } else result.written++;
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
