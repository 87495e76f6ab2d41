import { generateId, type SessionEvent, type SessionKey } from "@sessionkit/core";
import type {
  AppendGroupOutcome,
  AppendGroupRunner,
  CoalescedAppend,
  SessionEngine,
  SqlSharedConnection,
} from "@sessionkit/sql";
import { watchKeyOf } from "@sessionkit/sql";
import type { SqlRow } from "@sessionkit/sql/driver";
import { ClientDriver } from "../driver/client-driver.js";
import {
  type AppendBatch,
  isGuardFailure,
  oneBatchStatements,
  planAppendBatch,
} from "./append-batch.js";
import type { BatchStatement } from "./batch-request.js";
import { distinctSessionStatements } from "./distinct-session-statements.js";

/**
 * Group commit on a remote server: the coalesced appends in ONE request (one transaction), so a
 * group of appends costs about one round trip and one commit instead of one round trip each.
 * Appends to distinct sessions go as a few merged statements (one guard, multi-row event
 * inserts, one session update; see {@link distinctSessionStatements}); appends of a group that
 * share a session go as their one-batch plans one after another, so each sees the writes before
 * it. An append whose guard refuses (not the common case: missing or expired session, stale
 * revision, a repeated id) wrote nothing, and the whole group is then left to the shared logic,
 * as is an append the plan cannot express (partial events). Event ids are assigned before the
 * first attempt, so a group whose commit answer was lost is recognised as an idempotent retry
 * when its appends then run alone.
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
    const keys = plans.map((p) => p.plan.key);
    const lastSeqs =
      plans.length > 1 && distinctSessions(keys)
        ? await this.runMerged(driver, plans, now)
        : await this.runPlans(driver, plans);
    if (lastSeqs === null) return outcomes;
    plans.forEach(({ index, plan }, i) => {
      const lastSeq = lastSeqs[i];
      if (lastSeq === undefined) return;
      const events: SessionEvent[] = plan.eventsFor(lastSeq);
      const { appName, userId, sessionId } = keys[i] as SessionKey;
      const watchKey = watchKeyOf(appName, userId, sessionId);
      outcomes[index] = {
        kind: "stored",
        events,
        published: events.map((event) => [watchKey, structuredClone(event)]),
      };
    });
    return outcomes;
  }

  /** Each plan's one-batch statements in turn; the new lastSeq of each (undefined: refused). */
  private async runPlans(
    driver: ClientDriver,
    plans: ReadonlyArray<{ plan: AppendBatch }>,
  ): Promise<Array<number | undefined> | null> {
    const batches = plans.map((p) => oneBatchStatements(p.plan));
    const results = await driver.pipelinedBatches(
      batches.map((b) => b.statements),
      isGuardFailure,
    );
    return batches.map(({ bumpIndex }, i) => {
      const result = results[i];
      if (result === undefined || !Array.isArray(result)) return undefined;
      return Number(result[bumpIndex]?.[0]?.last_seq);
    });
  }

  /** The merged statements of appends to distinct sessions; the new lastSeq of each (null: refused). */
  private async runMerged(
    driver: ClientDriver,
    plans: ReadonlyArray<{ plan: AppendBatch }>,
    now: number,
  ): Promise<Array<number | undefined> | null> {
    const merged = distinctSessionStatements(
      plans.map((p) => p.plan),
      now,
    );
    // One batch per part, so the results can be told apart; the guard is statement 0.
    const parts: BatchStatement[][] = [
      [merged.guard],
      merged.inserts,
      merged.scoped,
      merged.stateBumps,
      merged.plainBumps,
    ];
    const results = await driver.pipelinedBatches(parts, isGuardFailure);
    if (!results.every(Array.isArray)) return null;
    const [, , , stateRows, plainRows] = results as SqlRow[][][];
    const bumped = new Map<string, number>();
    for (const rows of plainRows ?? []) {
      for (const row of rows) {
        bumped.set(
          watchKeyOf(String(row.app_name), String(row.user_id), String(row.session_id)),
          Number(row.last_seq),
        );
      }
    }
    return plans.map(({ plan }, i) => {
      const at = merged.stateBumpIndex[i];
      if (at !== undefined) return Number(stateRows?.[at]?.[0]?.last_seq);
      const { appName, userId, sessionId } = plan.key;
      return bumped.get(watchKeyOf(appName, userId, sessionId));
    });
  }
}

/** True when no two of the keys name the same session. */
function distinctSessions(keys: readonly SessionKey[]): boolean {
  const seen = new Set<string>();
  for (const key of keys) {
    const id = watchKeyOf(key.appName, key.userId, key.sessionId);
    if (seen.has(id)) return false;
    seen.add(id);
  }
  return true;
}
