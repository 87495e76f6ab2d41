import { generateId, type SessionEvent, type SessionKey } from "@sessionkit/core";
import type {
  AppendGroupOutcome,
  AppendGroupRunner,
  CoalescedAppend,
  SessionEngine,
  SqlSharedConnection,
} from "@sessionkit/sql";
import { watchKeyOf } from "@sessionkit/sql";
import { appendFastPathStatements as fast } from "@sessionkit/sql/statements";
import { ClientDriver } from "../driver/client-driver.js";
import { type AppendBatch, isGuardFailure, planAppendBatch } from "./append-batch.js";

/**
 * Group commit on a remote server: the coalesced appends' one-batch plans (the same as
 * {@link RemoteAppendFastPath}'s) pipelined in ONE transaction, so a group of appends costs about
 * one round trip and one commit instead of one round trip each. An append whose guard refuses
 * (not the common case: missing or expired session, stale revision, a repeated id) wrote
 * nothing and is left to the shared logic, as is one the plan cannot express (partial events).
 * Event ids are assigned before the first attempt, so a group whose commit answer was lost is
 * recognised as an idempotent retry when its appends then run alone.
 */
export class RemoteAppendGroup implements AppendGroupRunner {
  constructor(private readonly connection: SqlSharedConnection & { engine: SessionEngine }) {}

  async run(appends: readonly CoalescedAppend[], now: number): Promise<AppendGroupOutcome[]> {
    const outcomes: AppendGroupOutcome[] = appends.map(() => ({ kind: "shared" }));
    const plans: Array<{ index: number; plan: AppendBatch }> = [];
    const fullText = this.connection.engine.fullText;
    appends.forEach((a, index) => {
      for (const e of a.events) if (e.id === undefined && !e.partial) e.id = generateId();
      const plan = planAppendBatch(a.key, a.events, a.expectedRevision, now, fullText);
      if (plan !== null) plans.push({ index, plan });
    });
    if (plans.length === 0) return outcomes;
    const driver = await this.connection.driver();
    if (!(driver instanceof ClientDriver)) return outcomes;
    // Appends to distinct sessions share one guard statement (see appendGroupGuard); appends
    // to one session keep a guard each, so each sees the writes of those before it.
    const shared = plans.length > 1 && distinctSessions(plans.map((p) => appends[p.index]?.key));
    const batches = plans.map((p) => (shared ? p.plan.statements.slice(1) : p.plan.statements));
    if (shared) {
      const tuples = `[${plans.map((p) => p.plan.guardTuple).join(",")}]`;
      batches.unshift([{ sql: fast.appendGroupGuard, params: [tuples, tuples] }]);
    }
    const results = await driver.pipelinedBatches(batches, isGuardFailure);
    if (shared) results.shift();
    plans.forEach(({ index, plan }, i) => {
      const result = results[i];
      if (result === undefined || !Array.isArray(result)) return;
      const row = result[plan.bumpIndex - (shared ? 1 : 0)]?.[0];
      const events: SessionEvent[] = plan.eventsFor(Number(row?.last_seq));
      const { appName, userId, sessionId } = (appends[index] as CoalescedAppend).key;
      const watchKey = watchKeyOf(appName, userId, sessionId);
      outcomes[index] = {
        kind: "stored",
        events,
        published: events.map((event) => [watchKey, structuredClone(event)]),
      };
    });
    return outcomes;
  }
}

/** True when no two of the keys name the same session. */
function distinctSessions(keys: ReadonlyArray<SessionKey | undefined>): boolean {
  const seen = new Set<string>();
  for (const key of keys) {
    if (key === undefined) return false;
    const id = watchKeyOf(key.appName, key.userId, key.sessionId);
    if (seen.has(id)) return false;
    seen.add(id);
  }
  return true;
}
