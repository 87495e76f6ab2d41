import type { AgentInputItem, SessionHistoryTransactionArgs } from "@openai/agents-core";
import type { JsonValue, NewEvent } from "@sessionkit/core";
import { invalidItem } from "./errors.js";
import { fingerprint, type OperationHeader, operationEvents } from "./history-events.js";
import { toStoredItem } from "./stored-item.js";

const OPERATION = "applyHistoryTransaction";

/** A validated transaction in stored (JSON) form, with the events that apply it. */
export interface PreparedTransaction {
  operationId: string;
  /** The items the current tail must equal (empty for append_items). */
  expectedSuffix: JsonValue[];
  /** Header + items, with ids derived from the operation id. */
  events: NewEvent[];
}

/**
 * Validates `applyHistoryTransaction`'s arguments the way the SDK's MemorySession does (a
 * non-empty operation id; exactly the fields of `append_items` or `replace_suffix`; arrays of
 * items) and converts every item to its stored JSON form — all before anything is written.
 * @throws INVALID_ARGUMENT naming the offending path.
 */
export function prepareTransaction(args: SessionHistoryTransactionArgs): PreparedTransaction {
  if (args === null || typeof args !== "object") {
    throw invalidItem(OPERATION, "args", "the arguments must be an object");
  }
  const { operationId, transaction } = args;
  if (typeof operationId !== "string" || operationId.trim() === "") {
    throw invalidItem(OPERATION, "args.operationId", "must be a non-empty string");
  }
  if (transaction === null || typeof transaction !== "object") {
    throw invalidItem(OPERATION, "args.transaction", "must be an object");
  }
  const fields = Object.keys(transaction).sort().join(",");
  if (transaction.type === "append_items" && fields === "items,type") {
    const items = storedItems(transaction.items, "args.transaction.items");
    return build(operationId, "append_items", [], items, { type: transaction.type, items });
  }
  if (transaction.type === "replace_suffix" && fields === "expectedSuffix,replacement,type") {
    const expectedSuffix = storedItems(
      transaction.expectedSuffix,
      "args.transaction.expectedSuffix",
    );
    const replacement = storedItems(transaction.replacement, "args.transaction.replacement");
    return build(operationId, "replace_suffix", expectedSuffix, replacement, {
      type: transaction.type,
      expectedSuffix,
      replacement,
    });
  }
  throw invalidItem(
    OPERATION,
    "args.transaction",
    `expected { type: "append_items", items } or { type: "replace_suffix", expectedSuffix, replacement }, got fields ${fields || "(none)"}`,
  );
}

function build(
  operationId: string,
  type: OperationHeader["type"],
  expectedSuffix: JsonValue[],
  items: JsonValue[],
  whole: JsonValue,
): PreparedTransaction {
  const header: OperationHeader = {
    operationId,
    type,
    remove: expectedSuffix.length,
    items: items.length,
    fingerprint: fingerprint(whole),
  };
  return { operationId, expectedSuffix, events: operationEvents(header, items) };
}

function storedItems(items: unknown, path: string): JsonValue[] {
  if (!Array.isArray(items)) throw invalidItem(OPERATION, path, "must be an array of items");
  return items.map((item, index) =>
    toStoredItem(item as AgentInputItem, `${path}[${index}]`, OPERATION),
  );
}

/** True when the stored tail equals the expected suffix, item by item, ignoring key order. */
export function tailMatches(
  tail: readonly AgentInputItem[],
  expected: readonly JsonValue[],
): boolean {
  return (
    tail.length === expected.length &&
    tail.every(
      (item, index) =>
        fingerprint(item as unknown as JsonValue) === fingerprint(expected[index] as JsonValue),
    )
  );
}
