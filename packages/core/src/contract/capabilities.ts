/**
 * What an adapter supports. The conformance suite skips by capability, never by adapter name,
 * and prints the capability that caused each skip.
 */
export interface RepositoryCapabilities {
  /** "multi-session": a transaction may span sessions atomically; "single-session": one session per transaction. */
  transactions: "multi-session" | "single-session";
  /** Several processes may open the same store at once without losing writes. */
  crossProcess: boolean;
  /** Full-text index, a scan over stored events, or none. */
  search: "fulltext" | "scan" | "none";
  /** Whether watchers see writes made by other processes, and how. */
  watch: "in-process" | "cross-process";
  /**
   * Where partial (streaming) events reach watchers: "cross-process" — every watcher of the
   * store, whichever process appended them (kept briefly outside the event log for that); or
   * "in-process" — only watchers in the process that appended them. Partial events are never
   * part of the event log either way.
   */
  watchPartials: "in-process" | "cross-process";
  /** Data lives on another machine. */
  remote: boolean;
  /** Data survives close and reopen. */
  persistent: boolean;
  /** backup(destination) is available. */
  backup: boolean;
}
