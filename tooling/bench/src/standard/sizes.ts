/** The parameters of the standard workloads W1–W5 (see subject.ts for what each does). */
export interface StandardSizes {
  /** W1: sessions created, one call each, spread over `users` users. */
  sessions: number;
  users: number;
  /** W2: events appended one call each, round-robin over the first `appendSessions` sessions. */
  events: number;
  appendSessions: number;
  /** W3: reads of one session with its last `readLast` events and merged state. */
  reads: number;
  readLast: number;
  /** W4: listings of the `listLimit` most recently updated sessions of one user. */
  lists: number;
  listLimit: number;
  /** W5: events per batch, and how many batches (each into its own fresh session). */
  batchEvents: number;
  batches: number;
  /** A workload stops early (and reports what it did) once it has run this long. */
  budgetMs: number;
}

/** The defaults: 1,000 sessions, 100,000 appends, 1,000 reads of 1,000 events, 1,000 listings, 10,000 in one batch. */
export const fullSizes: StandardSizes = {
  sessions: 1_000,
  users: 5,
  events: 100_000,
  appendSessions: 50,
  reads: 1_000,
  readLast: 1_000,
  lists: 1_000,
  listLimit: 100,
  batchEvents: 10_000,
  batches: 5,
  budgetMs: 15_000,
};

/** `--quick`: the same shapes, small enough for a run of a few seconds per subject (W3 reads the last 200). */
export const quickSizes: StandardSizes = {
  sessions: 200,
  users: 2,
  events: 3_000,
  appendSessions: 4,
  reads: 50,
  readLast: 200,
  lists: 50,
  listLimit: 100,
  batchEvents: 2_000,
  batches: 2,
  budgetMs: 1_000,
};

/** `--smoke` (CI): one small pass of every workload, to prove the harness still runs. */
export const smokeSizes: StandardSizes = {
  sessions: 20,
  users: 2,
  events: 200,
  appendSessions: 2,
  reads: 10,
  readLast: 50,
  lists: 10,
  listLimit: 10,
  batchEvents: 200,
  batches: 1,
  budgetMs: 1_000,
};
