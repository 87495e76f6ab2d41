import {
  forwardSessionOperations,
  type SessionOperationName,
  type SessionOperations,
} from "@sessionkit/core";
import { fixArity, operationRow } from "./operation-table.js";
import type { Touches } from "./touches.js";

/**
 * Runs one contract operation on a store (or its open transaction) as its row in the operation
 * table says: with exactly the row's parameters, through the row's own `run` when it has one
 * (the reserved meta names), and, when `touches` is given, records what a successful write
 * changed so the mirror can copy it to the secondary afterwards.
 */
export async function runOperation(
  ops: SessionOperations,
  operation: SessionOperationName,
  args: readonly unknown[],
  touches?: Touches,
): Promise<unknown> {
  const row = operationRow(operation);
  const fixed = fixArity(row, args);
  const result = await (row.run
    ? row.run(ops, ...fixed)
    : (ops[operation] as (...a: unknown[]) => Promise<unknown>)(...fixed));
  if (touches) row.touch?.(touches.by(operation), fixed, result);
  return result;
}

// The contract's operations are defined once, by forwardSessionOperations (see the static block).
export interface RecordingOperations extends SessionOperations {}

/**
 * The contract over the primary store (or its open transaction) that records what each
 * successful write changed in `touches`, so the mirror can copy it to the secondary afterwards.
 * Reads pass through. Meta names under the migrator's reserved prefix are hidden and cannot be
 * written.
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class RecordingOperations {
  constructor(
    private readonly inner: SessionOperations,
    private readonly touches: Touches,
  ) {}

  static {
    forwardSessionOperations(RecordingOperations.prototype, function (operation, args) {
      return runOperation(this.inner, operation, args, this.touches);
    });
  }
}
