import type { SessionOperations } from "../contract/session-operations.js";
import { forwardSessionOperations } from "../util/forward-operations.js";
import type { TransactionGate } from "../util/transaction-gate.js";

/**
 * Defines every contract operation on a repository's `prototype` as: wait at the repository's
 * gate (no transaction of it open; CLOSED after close), then run the same operation on its live
 * operations (usually a front door over its storage). Call it once, from a static block, so the
 * two accessors may read private members.
 */
export function forwardThroughGate<T>(
  prototype: T,
  gate: (repository: T) => TransactionGate,
  operations: (repository: T) => SessionOperations,
): void {
  forwardSessionOperations(prototype, async function (operation, args) {
    await gate(this).enter(operation);
    const live = operations(this);
    return (live[operation] as (...a: unknown[]) => Promise<unknown>).apply(live, args);
  });
}
