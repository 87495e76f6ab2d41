import { describe } from "vitest";
import { type BehaviourGroup, resolveOptions, type SuiteContext } from "./context.js";
import { batchGroup } from "./groups/batch.js";
import { concurrentAppendsGroup } from "./groups/concurrent-appends.js";
import { copiesGroup } from "./groups/copies.js";
import { crashGroup } from "./groups/crash.js";
import { crossProcessGroup } from "./groups/cross-process.js";
import { eventsGroup } from "./groups/events.js";
import { expiryGroup } from "./groups/expiry.js";
import { getOrCreateGroup } from "./groups/get-or-create.js";
import { getWindowsGroup } from "./groups/get-windows.js";
import { idempotencyGroup } from "./groups/idempotency.js";
import { lifecycleGroup } from "./groups/lifecycle.js";
import { listEventsGroup } from "./groups/list-events.js";
import { listingGroup } from "./groups/listing.js";
import { metaGroup } from "./groups/meta.js";
import { modelGroup } from "./groups/model.js";
import { multilingualSearchGroup } from "./groups/multilingual-search.js";
import { prototypeGroup } from "./groups/prototype.js";
import { searchGroup } from "./groups/search.js";
import { sessionsGroup } from "./groups/sessions.js";
import { snapshotsGroup } from "./groups/snapshots.js";
import { staleGroup } from "./groups/stale.js";
import { stateGroup } from "./groups/state.js";
import { tenantGroup } from "./groups/tenant.js";
import { transactionsGroup } from "./groups/transactions.js";
import { validationGroup } from "./groups/validation.js";
import { watchGroup } from "./groups/watch.js";
import { useRepository } from "./support/fixture.js";
import type { ConformanceOptions, ConformanceTarget } from "./target.js";

/** Every behaviour group, in the order they run. */
export const behaviourGroups: Readonly<Record<string, BehaviourGroup>> = Object.freeze({
  sessions: sessionsGroup,
  getOrCreate: getOrCreateGroup,
  events: eventsGroup,
  batch: batchGroup,
  concurrentAppends: concurrentAppendsGroup,
  idempotency: idempotencyGroup,
  stale: staleGroup,
  state: stateGroup,
  copies: copiesGroup,
  getWindows: getWindowsGroup,
  listEvents: listEventsGroup,
  listing: listingGroup,
  tenant: tenantGroup,
  expiry: expiryGroup,
  search: searchGroup,
  multilingualSearch: multilingualSearchGroup,
  watch: watchGroup,
  transactions: transactionsGroup,
  validation: validationGroup,
  prototype: prototypeGroup,
  lifecycle: lifecycleGroup,
  meta: metaGroup,
  snapshots: snapshotsGroup,
  model: modelGroup,
  crossProcess: crossProcessGroup,
  crash: crashGroup,
});

/**
 * Registers the whole sessionkit conformance suite for `target` with vitest. Call it at the top
 * level of a test file. Each test gets a fresh repository from `target.create()`, which is
 * closed and passed to `target.destroy()` after the test. Tests are skipped only through
 * `target.capabilities`, with the reason in the title and printed once.
 */
export function describeSessionRepository(
  target: ConformanceTarget,
  options?: ConformanceOptions,
): void {
  const resolved = resolveOptions(options);
  const names = options?.only ?? Object.keys(behaviourGroups);
  const unknown = names.filter((name) => !Object.hasOwn(behaviourGroups, name));
  if (unknown.length > 0) {
    throw new Error(
      `describeSessionRepository: unknown group(s) ${unknown.join(", ")} in options.only; known: ${Object.keys(behaviourGroups).join(", ")}`,
    );
  }
  describe(`SessionRepository conformance: ${target.name}`, () => {
    const repo = useRepository(target);
    const context: SuiteContext = { target, options: resolved, repo };
    for (const name of names) behaviourGroups[name]?.(context);
  });
}
