import type { JsonObject, JsonValue } from "./json.js";

/** One entry of a session's append-only event log, as stored. */
export interface SessionEvent {
  /** Caller-supplied or generated; unique within the session. */
  id: string;
  /** Assigned by the store: 1, 2, 3 … gapless per session; the one and only ordering. */
  seq: number;
  invocationId?: string;
  author: string;
  content: JsonValue;
  /** The delta applied with this event; `temp:` keys are never stored. */
  stateDelta?: JsonObject;
  metadata?: JsonObject;
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** Present (true) only on streaming events delivered to watchers; never stored. */
  partial?: boolean;
}

/** An event as a caller appends it. */
export interface NewEvent {
  /** Omit to have the store generate one. Re-appending the same id is idempotent. */
  id?: string;
  invocationId?: string;
  author: string;
  content: JsonValue;
  /** Applied atomically with the event. A `null` value deletes the key. */
  stateDelta?: JsonObject;
  metadata?: JsonObject;
  /** Defaults to now. When supplied it takes part in the idempotency comparison. */
  timestamp?: number;
  /** `true`: not stored, delivered to live watchers only (streaming tokens). */
  partial?: boolean;
}
