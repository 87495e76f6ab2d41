import type { SessionRepository } from "@sessionkit/core";
import type { DriftEntry } from "./drift-journal.js";
import type { Phase } from "./phase.js";
import type { ShadowMismatch, ShadowStats } from "./shadow-reads.js";

/** The two stores a {@link PhasedRepository} routes between, and how it behaves. */
export interface PhasedRepositoryOptions {
  /** The store being migrated from (e.g. the JSON-file store). */
  legacy: SessionRepository;
  /** The store being migrated to; holds the migration record and the drift journal. */
  target: SessionRepository;
  /** How often the phase is re-read from the target, in ms. Default 2,000. */
  refreshIntervalMs?: number;
  /** Fraction (0–1) of reads in dual-write that are also run against the target and compared. Default 0. */
  shadowReadRate?: number;
  /** Record shadow mismatches in the target's meta table. Default true. */
  recordShadowMismatches?: boolean;
  /**
   * A JSON-lines file for drift entries that cannot be written to the target (target down).
   * Drained by `sessionkit-migrate repair --local-journal <file>`. Without it such failures are
   * reported through `onWarning` only and found by the next full `repair`.
   */
  localJournalPath?: string;
  /** Close legacy and target when this repository closes. Default true. */
  closeStores?: boolean;
  /** Called for every failed secondary write, after it is journaled. */
  onDrift?: (entry: DriftEntry) => void;
  /**
   * Called (in the background, never failing the read) for every shadow read still different
   * after its re-check, whether or not it is recorded in the target (at most 1,000 records per
   * process).
   */
  onShadowMismatch?: (mismatch: ShadowMismatch) => void;
  /** Non-fatal problems (journal unavailable, phase refresh failed). Default: console.warn. */
  onWarning?: (message: string, error?: unknown) => void;
  /** Reads in target-primary fall back to legacy for these error codes. Default BUSY, IO, CORRUPT. */
  fallbackCodes?: string[];
  /**
   * Clock in ms since the epoch: phase refresh interval, drift-entry and shadow-mismatch times.
   * Default `Date.now`.
   */
  now?: () => number;
  /** Uniform random in [0, 1) that samples shadow reads (`shadowReadRate`). Default `Math.random`. */
  random?: () => number;
}

/** Runtime figures of one phased repository (this process only). */
export interface PhasedRepositoryStatus {
  /** The phase in force. */
  phase: Phase;
  /** When the phase was last read from the target (ms since the epoch). */
  phaseReadAt: number;
  /** True when the last refresh failed and the phase is older than the refresh interval. */
  phaseStale: boolean;
  /** Copies to the secondary store that failed (and were journaled). */
  failedSecondaryWrites: number;
  /** Target-primary reads answered from legacy because the target was unavailable. */
  fallbackReads: number;
  /** Shadow-read counters (dual-write). */
  shadow: ShadowStats;
}
