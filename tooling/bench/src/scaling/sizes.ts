/** Dataset sizes and iterations of the scaling curves. */
export interface ScalingSizes {
  historyLengths: number[];
  sessionCounts: number[];
  backfillEvents: number[];
  iterations: number;
}

export const fullScaling: ScalingSizes = {
  historyLengths: [1_000, 10_000, 100_000, 1_000_000],
  sessionCounts: [1_000, 10_000, 100_000, 1_000_000],
  backfillEvents: [10_000, 100_000, 1_000_000],
  iterations: 1_000,
};

export const quickScaling: ScalingSizes = {
  historyLengths: [1_000, 10_000],
  sessionCounts: [1_000, 10_000],
  backfillEvents: [10_000],
  iterations: 200,
};

export const smokeScaling: ScalingSizes = {
  historyLengths: [200, 1_000],
  sessionCounts: [200, 1_000],
  backfillEvents: [2_000],
  iterations: 20,
};
