import type { JsonValue } from "./json.js";
import type { Session } from "./session.js";
import type { SessionEvent } from "./session-event.js";
import type { SessionKey } from "./session-key.js";

/** What `getOrCreateSession` returns: the session, and whether this call created it. */
export interface GetOrCreateSessionResult {
  /** The created session (no events), or the existing one as `getSession` returns it. */
  session: Session;
  /** true when this call created the session; false when it already existed. */
  created: boolean;
}

/** One page of `listSessions`: sessions with merged state, without events. */
export interface SessionPage {
  sessions: Session[];
  /** Pass as `cursor` to read the next page; null when there is none. */
  nextCursor: string | null;
}

/** One page of `listEvents`. */
export interface EventPage {
  events: SessionEvent[];
  /**
   * Seq to continue from: pass as `afterSeq` (ascending) or `beforeSeq` (descending); null when done.
   */
  nextSeq: number | null;
}

/** What `purgeExpired` did. */
export interface PurgeResult {
  /** Sessions deleted (with their events and session state). */
  deleted: number;
  /** false when interrupted by the signal; call again to resume. */
  done: boolean;
}

/** One event matched by `searchEvents`. */
export interface SearchHit {
  /** The session holding the event. */
  key: SessionKey;
  /** The matched event, as stored. */
  event: SessionEvent;
  /** Text around the first match, matched terms wrapped in [ ]. */
  snippet: string;
}

/** Counts and sizes reported by `stats()`. */
export interface RepositoryStats {
  sessions: number;
  activeSessions: number;
  events: number;
  /** Session, user and app state keys. */
  stateKeys: number;
  bytesOnDisk: number;
  schemaVersion: number;
  /** Adapter-specific figures, e.g. databaseBytes and walBytes. */
  details: Record<string, number>;
}

/** What `maintain()` did. */
export interface MaintenanceResult {
  /** The steps run, e.g. `["analyze", "vacuum", "checkpoint"]`; empty when none applies. */
  performed: string[];
  /** Bytes on disk before the steps. */
  bytesBefore: number;
  /** Bytes on disk after the steps. */
  bytesAfter: number;
}

/** One problem found by `checkIntegrity()`. */
export interface IntegrityProblem {
  /** A short machine-readable category, e.g. `"seq-gap"` or `"misplaced-session"`. */
  kind: string;
  /** What is wrong and what to do. */
  message: string;
  /** The file or session key concerned, when known. */
  subject?: string;
}

/** The result of `checkIntegrity()`: problems are reported, never thrown. */
export interface IntegrityReport {
  /** True when no problem was found. */
  ok: boolean;
  problems: IntegrityProblem[];
}

/** Where `backup()` wrote the copy, and its size. */
export interface BackupResult {
  /** The path of the copy. */
  destination: string;
  /** Bytes written. */
  bytes: number;
}

/** The result of `health()`: one round trip to the store. */
export interface HealthReport {
  /** True when the store answered. */
  ok: boolean;
  /** How long the check took. */
  latencyMs: number;
  /** Why the check failed, when it did. */
  message?: string;
}

/** An app scope (`{ appName }`) or a user scope (`{ appName, userId }`) of state. */
export interface StateScope {
  appName: string;
  /** Absent for app scope. */
  userId?: string;
}

/** A named JSON value in the store's meta table (migration records, your own markers). */
export interface MetaEntry {
  /** The entry's name. */
  name: string;
  /** The stored value. */
  value: JsonValue;
}

/** Whether `writeSnapshot` wrote the session or skipped it (`if-newer` found a newer copy). */
export type WriteSnapshotResult = "written" | "skipped";
