import { createHash } from "node:crypto";
import type { JsonValue, NewEvent } from "@sessionkit/core";

/**
 * How the history of one Agents SDK session is written into a sessionkit event log. Every
 * change is appended; nothing is ever rewritten or deleted, so the log is the audit trail.
 *
 * | author | content | meaning |
 * | --- | --- | --- |
 * | `agents:item` | the item's JSON | one history item, appended by `addItems` or a transaction |
 * | `agents:remove` | `{ remove: n }` | tombstone: the `n` latest visible items are removed (`popItem` writes `n = 1`) |
 * | `agents:operation` | `{ operationId, type, remove, items, fingerprint }` | header of an `applyHistoryTransaction`: removes `remove` items (the replaced suffix), then the `items` events that follow belong to it |
 * | `agents:rewrite` | `{ replace: [{ seq, item }], drop: [seq] }` | `applyHistoryMutations`: the items stored at those seqs are shown as `item`, or no more |
 * | `agents:clear` | `null` | tombstone: every earlier item is removed (`clearSession`) |
 *
 * Events with any other author (e.g. the `system` events of `updateState`) are not items and
 * are skipped by every read.
 */
export const Authors = {
  item: "agents:item",
  remove: "agents:remove",
  operation: "agents:operation",
  rewrite: "agents:rewrite",
  clear: "agents:clear",
} as const;

/** The content of an `agents:operation` header event. */
export interface OperationHeader {
  operationId: string;
  type: "append_items" | "replace_suffix";
  /** How many visible items the operation removes before appending its own. */
  remove: number;
  /** How many `agents:item` events follow the header in the same batch. */
  items: number;
  /** SHA-256 of the canonical JSON of the whole transaction (key order does not matter). */
  fingerprint: string;
}

/** The content of an `agents:rewrite` event: what earlier item events now show, by seq. */
export interface RewriteContent {
  /** Items shown in place of the item stored at `seq`. */
  replace: { seq: number; item: JsonValue }[];
  /** Seqs of items that are no longer in the history. */
  drop: number[];
}

/** A history item event, with an id when it belongs to an operation (idempotent retries). */
export function itemEvent(content: JsonValue, id?: string): NewEvent {
  return id === undefined
    ? { author: Authors.item, content }
    : { id, author: Authors.item, content };
}

/** A tombstone removing the `count` latest visible items. */
export function removeEvent(count: number): NewEvent {
  return { author: Authors.remove, content: { remove: count } };
}

/** A rewrite of earlier items (see {@link RewriteContent}). */
export function rewriteEvent(content: RewriteContent): NewEvent {
  return { author: Authors.rewrite, content: { replace: content.replace, drop: content.drop } };
}

/** A tombstone removing every earlier item. */
export function clearEvent(): NewEvent {
  return { author: Authors.clear, content: null };
}

/**
 * The deterministic events of one transaction: the header and its items, each with an id derived
 * from the operation id, so a retry of the same transaction is recognised by the store's
 * idempotency-by-event-id, and a different transaction under the same id conflicts on the header.
 */
export function operationEvents(header: OperationHeader, items: JsonValue[]): NewEvent[] {
  const base = operationEventIdBase(header.operationId);
  return [
    { id: base, author: Authors.operation, content: { ...header } },
    ...items.map((item, index) => itemEvent(item, `${base}/${index}`)),
  ];
}

/**
 * `op:<operationId>` when the id is short printable ASCII (readable in the audit trail), else
 * `op#<sha256>`; either way within the contract's 256-character id limit.
 */
export function operationEventIdBase(operationId: string): string {
  if (/^[\x20-\x7e]{1,200}$/.test(operationId)) return `op:${operationId}`;
  return `op#${createHash("sha256").update(operationId, "utf8").digest("hex")}`;
}

/** SHA-256 of the canonical JSON (object keys sorted) of a JSON value. */
export function fingerprint(value: JsonValue): string {
  return createHash("sha256").update(canonicalJson(value), "utf8").digest("hex");
}

function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as JsonValue)}`).join(",")}}`;
}
