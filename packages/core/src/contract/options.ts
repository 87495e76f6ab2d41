import type { JsonObject } from "./json.js";
import type { SessionStatus } from "./session.js";

export interface CreateSessionOptions {
  /** Initial state; `app:`/`user:` keys go to their scopes, `temp:` keys are dropped. */
  state?: JsonObject;
  metadata?: JsonObject;
}

export interface GetSessionOptions {
  /** undefined = all events, 0 = none, n = the last n (after the other filters). */
  recentEvents?: number;
  /** Only events with seq > afterSeq. */
  afterSeq?: number;
  /** Only events with timestamp >= afterTimestamp (inclusive). */
  afterTimestamp?: number;
  /** Read an expired session instead of returning null. */
  includeExpired?: boolean;
}

export interface AppendOptions {
  /** When set and not equal to the stored revision, the append fails with `STALE`. */
  expectedRevision?: number;
}

export interface ListEventsOptions {
  afterSeq?: number;
  beforeSeq?: number;
  /** Default 100, at most 1,000. */
  limit?: number;
  /** Default "asc". */
  order?: "asc" | "desc";
  includeExpired?: boolean;
}

export type SessionOrderBy = "updatedAt" | "createdAt" | "id";

export interface ListSessionsOptions {
  appName: string;
  userId?: string;
  /** Default "active". */
  status?: SessionStatus | "all";
  /** Exclusive lower bound on updatedAt. */
  updatedAfter?: number;
  /** Exclusive upper bound on updatedAt. */
  updatedBefore?: number;
  /** Every listed top-level key must equal (deep JSON equality) the session's metadata value. */
  metadata?: JsonObject;
  /** Default "updatedAt". Ties are broken by userId, then id. */
  orderBy?: SessionOrderBy;
  /** Default "desc". */
  order?: "asc" | "desc";
  /** Default 50, at most 1,000. */
  limit?: number;
  /** The `nextCursor` of the previous page, with the same filters and order. */
  cursor?: string;
}

export interface ExpireIdleOptions {
  /** Active sessions whose updatedAt is strictly before this instant are expired. */
  idleSince: number;
  appName?: string;
}

export interface PurgeOptions {
  /** Purge sessions expired strictly before this instant; default: every expired session. */
  expiredBefore?: number;
  /** Sessions deleted per transaction; default 500. */
  batchSize?: number;
  signal?: AbortSignal;
  /** Called after every batch with the running total. */
  onProgress?: (deleted: number) => void;
}

export interface SearchOptions {
  appName: string;
  userId?: string;
  sessionId?: string;
  /** Whitespace-separated terms; an event matches when it contains every term (case-insensitive). */
  query: string;
  /** Default 20, at most 1,000. */
  limit?: number;
}

export interface WatchOptions {
  /** Replay stored events with seq > afterSeq first; default: only events appended from now on. */
  afterSeq?: number;
  /** Aborting ends the iterator. */
  signal?: AbortSignal;
}

export interface MaintainOptions {
  checkpoint?: boolean;
  vacuum?: boolean;
  analyze?: boolean;
}

export interface WriteSnapshotOptions {
  /**
   * "replace": overwrite whatever is stored.
   * "if-newer": write only when nothing is stored or the stored revision is lower.
   */
  mode: "replace" | "if-newer";
}

export interface ScanSessionsOptions {
  /** Exclusive: keys strictly after this one in (appName, userId, sessionId) code-unit order. */
  after?: { appName: string; userId: string; sessionId: string };
  /** Default 500, at most 10,000. */
  limit?: number;
  appName?: string;
}
