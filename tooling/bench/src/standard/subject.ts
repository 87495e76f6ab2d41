/**
 * The standard workloads of `pnpm bench` (issue 8), run on every subject alike:
 * - W1 create sessions (default 1,000), one call each;
 * - W2 append events (default 100,000, ~300 bytes of JSON content each; every fifth carries a state
 *   delta with one session key and one `user:` key), one call each;
 * - W3 read one session with its last 1,000 events and its merged state (default 1,000 times);
 * - W4 list the 100 most recently updated sessions of a user (default 1,000 times);
 * - W5 append 10,000 events in one batch.
 */
export type WorkloadId = "W1" | "W2" | "W3" | "W4" | "W5";

/** One event as the workloads produce it; subjects map it onto their own model. */
export interface BenchEvent {
  readonly id: string;
  readonly author: "user" | "assistant";
  /** About 300 bytes once serialized. */
  readonly content: {
    readonly role: string;
    readonly text: string;
    readonly parts: readonly unknown[];
  };
  /** Every fifth event: `{ "turn": n, "user:lastTurn": n }`; otherwise undefined. */
  readonly stateDelta?: Readonly<Record<string, unknown>>;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
}

/**
 * A store under test, opened in a fresh directory. Every method does the whole operation,
 * durably as the subject defines it, and may be sync or async. An optional method that is absent
 * means the subject cannot do that operation: say why in `unsupported`.
 */
export interface StandardSubject {
  createSession(userId: string, sessionId: string): unknown;
  appendEvent(userId: string, sessionId: string, event: BenchEvent): unknown;
  /** All events in one call (one transaction where the subject has them). */
  appendBatch?(userId: string, sessionId: string, events: readonly BenchEvent[]): unknown;
  /** The session with its last `lastEvents` events and its merged state. */
  readSession(userId: string, sessionId: string, lastEvents: number): unknown;
  /** The `limit` most recently updated sessions of a user. */
  listRecentSessions?(userId: string, limit: number): unknown;
  /** Bytes the subject's files take on disk now (0 for in-memory subjects). */
  bytesOnDisk(): number;
  close(): unknown;
}

/** How the report groups a subject: a sessionkit adapter, a raw driver floor, or a peer library. */
export type SubjectKind = "adapter" | "floor" | "peer";

export interface SubjectFactory {
  /** Shown in tables, e.g. "sessionkit sqlite", "raw better-sqlite3", "Mastra LibSQLStore". */
  readonly name: string;
  readonly kind: SubjectKind;
  /** For adapters: the `name` of the own-SQL floor (the adapter's exact SQL on the raw driver). */
  readonly floor?: string;
  /** For adapters: the `name` of the lean floor (the same semantics, leanest schema and SQL). */
  readonly leanFloor?: string;
  /**
   * For adapters: the `name` of the lean floor with sessionkit's listing indexes added
   * (informational, no target: how much of the design cost those indexes are).
   */
  readonly listingLeanFloor?: string;
  /**
   * For adapters: the `name` of the lean floor that also does the append's contract work —
   * core's validation (typed errors, one serialization and copy per event) and the stored events
   * returned (informational, no target: how much of W2 and W5 that work is).
   */
  readonly contractLeanFloor?: string;
  /**
   * Measured only interleaved with another subject (a floor or adapter variant), not alone:
   * it has no row in the per-subject tables.
   */
  readonly pairOnly?: boolean;
  /** Workloads the subject cannot run, with the reason printed in the table. */
  readonly unsupported?: Partial<Record<WorkloadId, string>>;
  /** Opens a fresh store in `dir` (an empty directory the harness removes afterwards). */
  open(dir: string): Promise<StandardSubject>;
}
