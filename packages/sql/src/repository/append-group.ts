import type { SessionEvent, SessionKey } from "@sessionkit/core";
import type { PreparedEvent } from "@sessionkit/core/adapter-kit";
import type { WriteContext } from "../engine/write-context.js";

/** One append waiting in a group commit, as the front door prepared it. */
export interface CoalescedAppend {
  readonly key: SessionKey;
  /** Prepared events; a runner may assign missing ids (kept for a later retry of the call). */
  readonly events: PreparedEvent[];
  readonly expectedRevision: number | undefined;
}

/** What an {@link AppendGroupRunner} did with one append of its group. */
export type AppendGroupOutcome =
  /** Stored and committed: the events as stored, and the watcher notifications to publish. */
  | {
      readonly kind: "stored";
      readonly events: SessionEvent[];
      readonly published: WriteContext["published"];
    }
  /** Not written: the shared append logic decides it (NOT_FOUND, STALE, idempotent retry, …). */
  | { readonly kind: "shared" };

/**
 * An adapter's own way to run a group of coalesced appends, e.g. pipelined to a remote server
 * in one round trip. Contract: resolves after ONE commit with an outcome per append, in order;
 * an append answered "shared" wrote nothing (it then runs through the shared logic on its own);
 * a rejection means nothing of the group was committed (each append then runs on its own, with
 * the same event ids, so a commit whose answer was lost is recognised as an idempotent retry).
 */
export interface AppendGroupRunner {
  /** Runs `appends` in one transaction, in order; see the interface for the outcome rules. */
  run(appends: readonly CoalescedAppend[], now: number): Promise<AppendGroupOutcome[]>;
}
