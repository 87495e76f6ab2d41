import type { RepositoryCapabilities, RepositoryStats } from "@sessionkit/core";

/** One suggestion of the store page: what was noticed and the command that addresses it. */
export interface MaintenanceHint {
  /** What the figures show. */
  finding: string;
  /** The command to run (the studio itself never runs maintenance). */
  command: string;
}

const WAL_LARGE_BYTES = 64 * 1024 * 1024;

/** Suggestions derived from the store's figures; empty when nothing stands out. */
export function maintenanceHints(
  stats: RepositoryStats,
  capabilities: RepositoryCapabilities,
): MaintenanceHint[] {
  const hints: MaintenanceHint[] = [];
  const wal = stats.details.walBytes ?? 0;
  const database = stats.details.databaseBytes ?? stats.bytesOnDisk;
  if (wal > WAL_LARGE_BYTES || (wal > 4 * 1024 * 1024 && wal > database / 4)) {
    hints.push({
      finding: `the write-ahead log holds ${formatMiB(wal)} MiB not yet checkpointed into the database file`,
      command: "sessionkit maintain --db <url>",
    });
  }
  const expired = stats.sessions - stats.activeSessions;
  if (expired > 0) {
    hints.push({
      finding: `${expired} expired sessions still hold their events on disk`,
      command: "sessionkit purge --db <url>",
    });
  }
  if (capabilities.search === "none") {
    hints.push({
      finding: "this store has no full-text index: search is unavailable",
      command: "reopen the store with full-text search enabled (see docs/contract.md, Search)",
    });
  } else if (capabilities.search === "scan" && stats.events > 100_000) {
    hints.push({
      finding: `search scans ${stats.events} stored events on every query`,
      command: "move to an adapter with a full-text index (sqlite:, libSQL or PostgreSQL)",
    });
  }
  return hints;
}

function formatMiB(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
