import type { SessionRepository } from "@sessionkit/core";
import { canonicalJson } from "@sessionkit/core/adapter-kit";
import type { SessionSource } from "./session-source.js";

/** A scope that keeps changing in the source is written at most this many times. */
const SCOPE_WRITES = 5;

/**
 * Copies the source's app and user state into `target`, after the sessions. A scope is read again
 * after it is written and written again until stable: a dual-writing application may change it
 * meanwhile. The dry run reads the scopes and writes nothing.
 */
export async function copyScopes(
  source: SessionSource,
  target: SessionRepository,
  dryRun: boolean,
): Promise<void> {
  if (!source.scopes) return;
  for await (const { scope, state } of source.scopes()) {
    if (dryRun) continue;
    let current = state;
    for (let i = 0; i < SCOPE_WRITES; i++) {
      await target.writeScopedState(scope, current);
      if (!source.readScope) break;
      const again = await source.readScope(scope);
      if (canonicalJson(again) === canonicalJson(current)) break;
      current = again;
    }
  }
}

/** Copies the source's meta entries into `target`; the dry run reads them and writes nothing. */
export async function copyMeta(
  source: SessionSource,
  target: SessionRepository,
  dryRun: boolean,
): Promise<void> {
  if (!source.meta) return;
  for await (const entry of source.meta()) {
    if (!dryRun) await target.setMeta(entry.name, entry.value);
  }
}
