import type { BackfillCheckpoint } from "@sessionkit/migrate";

/** How fast a backfill goes and when it should end, from its checkpoint. */
export interface BackfillRate {
  /** Sessions per second since the backfill started (resumes included); null before any batch. */
  sessionsPerSecond: number | null;
  /** Events per second, likewise. */
  eventsPerSecond: number | null;
  /** Sessions the legacy store holds, when it is open in the studio. */
  totalSessions: number | null;
  /** Completed fraction, 0 to 1; null without a total. */
  fraction: number | null;
  /** Estimated ms from now to completion; null when unknown or done. */
  etaMs: number | null;
  /** The checkpoint was not updated for over a minute while not done: no backfill is running. */
  stalled: boolean;
}

/** The rate and ETA of the backfill whose checkpoint this is, at `now`. */
export function backfillRate(
  checkpoint: BackfillCheckpoint,
  totalSessions: number | null,
  now: number,
): BackfillRate {
  const seconds = (checkpoint.updatedAt - checkpoint.startedAt) / 1000;
  const sessionsPerSecond = seconds > 0 ? checkpoint.sessions / seconds : null;
  const eventsPerSecond = seconds > 0 ? checkpoint.events / seconds : null;
  const fraction = checkpoint.done
    ? 1
    : totalSessions
      ? Math.min(1, checkpoint.sessions / totalSessions)
      : null;
  const remaining =
    totalSessions === null ? null : Math.max(0, totalSessions - checkpoint.sessions);
  const etaMs =
    checkpoint.done || remaining === null || !sessionsPerSecond
      ? null
      : Math.round((remaining / sessionsPerSecond) * 1000);
  return {
    sessionsPerSecond,
    eventsPerSecond,
    totalSessions,
    fraction,
    etaMs,
    stalled: !checkpoint.done && now - checkpoint.updatedAt > 60_000,
  };
}
