import type { RepositoryCapabilities } from "./capabilities.js";
import type { MaintainOptions, PurgeOptions, StatsOptions, WatchOptions } from "./options.js";
import type {
  BackupResult,
  HealthReport,
  IntegrityReport,
  MaintenanceResult,
  PurgeResult,
  RepositoryStats,
} from "./results.js";
import type { SessionEvent } from "./session-event.js";
import type { SessionKey } from "./session-key.js";
import type { SessionOperations } from "./session-operations.js";
import type { SessionTransaction } from "./session-transaction.js";

/**
 * A session store. All methods are async and every failure is a `SessionKitError` with a code.
 * After `close()` every call throws `CLOSED`.
 */
export interface SessionRepository extends SessionOperations {
  /** Which optional behaviours this adapter offers. */
  readonly capabilities: RepositoryCapabilities;

  /**
   * New events of one session as an async iterable, partial events included, in seq order.
   * Ends when `signal` aborts, the session is deleted or the repository closes.
   * @throws NOT_FOUND (on first iteration) when the session is missing.
   */
  watch(key: SessionKey, options?: WatchOptions): AsyncIterable<SessionEvent>;

  /**
   * Runs `fn` in one transaction: its operations commit together or not at all (rolled back
   * when `fn` throws; the error is rethrown). While it is open, other callers on this
   * repository wait instead of leaking into it.
   * @throws UNSUPPORTED when the adapter cannot make the operations used atomic together.
   */
  transaction<T>(fn: (tx: SessionTransaction) => Promise<T>): Promise<T>;

  /** Hard-deletes expired sessions in batches; interruptible by `signal` and resumable. */
  purgeExpired(options?: PurgeOptions): Promise<PurgeResult>;

  /**
   * Counts (sessions, active sessions, events, state keys), bytes on disk, schema version.
   * Damaged items are left out of the counts and reported to `options.onCorrupt`.
   */
  stats(options?: StatsOptions): Promise<RepositoryStats>;

  /** Housekeeping (checkpoint, vacuum, analyze where the adapter has them); reports sizes. */
  maintain(options?: MaintainOptions): Promise<MaintenanceResult>;

  /** Never throws for problems found; reports them. */
  checkIntegrity(): Promise<IntegrityReport>;

  /** Online, consistent copy. @throws UNSUPPORTED when `capabilities.backup` is false. */
  backup(destination: string): Promise<BackupResult>;

  /** One cheap round trip to the store; reports latency, never throws for an unhealthy store. */
  health(): Promise<HealthReport>;

  /** Idempotent. Pending watchers end. */
  close(): Promise<void>;
}
