import type { JsonObject } from "./json.js";
import type { SessionEvent } from "./session-event.js";

/** `expired` sessions are soft-deleted: read as null by default, accept no writes. */
export type SessionStatus = "active" | "expired";

/** A session record. */
export interface Session {
  appName: string;
  userId: string;
  id: string;
  /**
   * Merged view: session keys, then `app:`-prefixed app keys, then `user:`-prefixed user keys.
   */
  state: JsonObject;
  metadata: JsonObject;
  status: SessionStatus;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Time of the last event appended (or creation). Expiry does not change it. */
  updatedAt: number;
  expiredAt: number | null;
  /** Seq of the last stored event, 0 when none. */
  lastSeq: number;
  /** 1 at creation, +1 on every write to the session. */
  revision: number;
  /** Present only when the read asked for events, ascending by seq. */
  events?: SessionEvent[];
}

/**
 * A whole session as stored, with its session-scoped state only (no app or user keys).
 * The unit of export, import, backfill and verification. Same shape as a legacy JSON session file.
 */
export interface SessionSnapshot {
  id: string;
  appName: string;
  userId: string;
  status: SessionStatus;
  metadata: JsonObject;
  /** Session-scoped state only, keys without prefix. */
  state: JsonObject;
  createdAt: number;
  updatedAt: number;
  expiredAt: number | null;
  revision: number;
  lastSeq: number;
  events: SessionEvent[];
}
