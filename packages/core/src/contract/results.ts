import type { JsonValue } from "./json.js";
import type { Session } from "./session.js";
import type { SessionEvent } from "./session-event.js";
import type { SessionKey } from "./session-key.js";

export interface SessionPage {
  sessions: Session[];
  /** Pass as `cursor` to read the next page; null when there is none. */
  nextCursor: string | null;
}

export interface EventPage {
  events: SessionEvent[];
  /**
   * Seq to continue from: pass as `afterSeq` (ascending) or `beforeSeq` (descending); null when done.
   */
  nextSeq: number | null;
}

export interface PurgeResult {
  deleted: number;
  /** false when interrupted by the signal; call again to resume. */
  done: boolean;
}

export interface SearchHit {
  key: SessionKey;
  event: SessionEvent;
  /** Text around the first match, matched terms wrapped in [ ]. */
  snippet: string;
}

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

export interface MaintenanceResult {
  performed: string[];
  bytesBefore: number;
  bytesAfter: number;
}

export interface IntegrityProblem {
  kind: string;
  message: string;
  /** The file or session key concerned, when known. */
  subject?: string;
}

export interface IntegrityReport {
  ok: boolean;
  problems: IntegrityProblem[];
}

export interface BackupResult {
  destination: string;
  bytes: number;
}

export interface HealthReport {
  ok: boolean;
  latencyMs: number;
  message?: string;
}

export interface StateScope {
  appName: string;
  /** Absent for app scope. */
  userId?: string;
}

export interface MetaEntry {
  name: string;
  value: JsonValue;
}

export type WriteSnapshotResult = "written" | "skipped";
