import type { JsonObject } from "./json.js";
import type { IntegrityProblem } from "./results.js";
import type { SessionStatus } from "./session.js";

/**
 * Receives each damaged stored item (a file of the JSON store) that a read skipped. When a
 * read that scans many sessions is given one, it returns everything else and reports each
 * damaged item here (kind `"corrupt-file"`, the file as `subject`); without one, the read
 * fails with CORRUPT instead. Stores that cannot hold a damaged item on its own never call it.
 */
export type CorruptHandler = (problem: IntegrityProblem) => void;

/** Options of `createSession`. */
export interface CreateSessionOptions {
  /** Initial state; `app:`/`user:` keys go to their scopes, `temp:` keys are dropped. */
  state?: JsonObject;
  /** Free-form JSON object stored with the session; `listSessions` can filter on it. */
  metadata?: JsonObject;
}

/**
 * Options of `getOrCreateSession`: `state` and `metadata` as createSession's (applied only when
 * the session is created), `recentEvents` as getSession's (used only when it already exists).
 */
export interface GetOrCreateSessionOptions {
  /** Initial state of a created session; ignored when the session already exists. */
  state?: JsonObject;
  /** Metadata of a created session; ignored when the session already exists. */
  metadata?: JsonObject;
  /** Events returned with an existing session: undefined = all, 0 = none, n = the last n. */
  recentEvents?: number;
}

/** Which events `getSession` returns with the session. */
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

/** Options of `appendEvent`, `appendEvents` and `updateState`. */
export interface AppendOptions {
  /** When set and not equal to the stored revision, the append fails with `STALE`. */
  expectedRevision?: number;
}

/** A page of one session's events for `listEvents`. */
export interface ListEventsOptions {
  /** Only events with seq > afterSeq. */
  afterSeq?: number;
  /** Only events with seq < beforeSeq. */
  beforeSeq?: number;
  /** Default 100, at most 1,000. */
  limit?: number;
  /** Default "asc". */
  order?: "asc" | "desc";
  /** List the events of an expired session instead of failing with `NOT_FOUND`. */
  includeExpired?: boolean;
}

/** The field `listSessions` orders by. */
export type SessionOrderBy = "updatedAt" | "createdAt" | "id";

/** Filters, order and page of `listSessions`. */
export interface ListSessionsOptions {
  appName: string;
  /** Only this user's sessions; default: every user of the app. */
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
  /** Skip damaged sessions and report them here instead of failing (see CorruptHandler). */
  onCorrupt?: CorruptHandler;
}

/** Which sessions `expireIdleSessions` expires. */
export interface ExpireIdleOptions {
  /** Active sessions whose updatedAt is strictly before this instant are expired. */
  idleSince: number;
  /** Only this app's sessions; default: every app. */
  appName?: string;
}

/** Which expired sessions `purgeExpired` deletes, and how. */
export interface PurgeOptions {
  /** Purge sessions expired strictly before this instant; default: every expired session. */
  expiredBefore?: number;
  /** Sessions deleted per transaction; default 500. */
  batchSize?: number;
  /** Aborting stops before the next batch (`done: false`); run again to resume. */
  signal?: AbortSignal;
  /** Called after every batch with the running total. */
  onProgress?: (deleted: number) => void;
}

/**
 * The order of `searchEvents` hits: `"newest"` (event timestamp descending, then session key,
 * then seq descending) or `"relevance"` (BM25 score descending, ties in newest order).
 */
export type SearchOrder = "relevance" | "newest";

/** Scope and query of `searchEvents`. */
export interface SearchOptions {
  appName: string;
  /** Only this user's sessions. */
  userId?: string;
  /** Only this session (with `userId`). */
  sessionId?: string;
  /**
   * Words to find; an event matches when its text holds every term of the query as a whole
   * term, after the same normalisation, case and accent folding and word segmentation on both
   * sides (see "Search" in docs/contract.md).
   */
  query: string;
  /** Default `"newest"`. */
  order?: SearchOrder;
  /** Default 20, at most 1,000. */
  limit?: number;
  /** Skip damaged sessions and report them here instead of failing (see CorruptHandler). */
  onCorrupt?: CorruptHandler;
}

/** Options of `stats`. */
export interface StatsOptions {
  /**
   * Receives each damaged item the counts leave out (see CorruptHandler). Without it, the
   * counts still leave damaged items out and `details.corruptFiles` (JSON store) says how many.
   */
  onCorrupt?: CorruptHandler;
}

/** Where a `watch` starts and what ends it. */
export interface WatchOptions {
  /** Replay stored events with seq > afterSeq first; default: only events appended from now on. */
  afterSeq?: number;
  /** Aborting ends the iterator. */
  signal?: AbortSignal;
}

/** Which maintenance steps `maintain` runs; each defaults to true where the adapter has it. */
export interface MaintainOptions {
  /** Checkpoint and truncate the write-ahead log (SQL adapters). */
  checkpoint?: boolean;
  /** Rebuild the database file to reclaim free pages (SQL adapters). */
  vacuum?: boolean;
  /** Refresh the query planner's statistics (SQL adapters). */
  analyze?: boolean;
}

/** How `writeSnapshot` treats a session already stored. */
export interface WriteSnapshotOptions {
  /**
   * "replace": overwrite whatever is stored.
   * "if-newer": write only when nothing is stored or the stored revision is lower.
   */
  mode: "replace" | "if-newer";
}

/** A page of session keys for `scanSessions`, in key order. */
export interface ScanSessionsOptions {
  /** Exclusive: keys strictly after this one in (appName, userId, sessionId) code-unit order. */
  after?: { appName: string; userId: string; sessionId: string };
  /** Default 500, at most 10,000. */
  limit?: number;
  /** Only this app's sessions. */
  appName?: string;
}
