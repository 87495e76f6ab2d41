/** One point of a scaling curve: a dataset size and the figures measured at it. */
export interface CurvePoint {
  /** Events in the session, sessions in the store, or events backfilled. */
  size: number;
  /** Median latency per call (µs) of each series at this size, by series name. */
  p50: Record<string, number>;
  /** Floor/adapter time ratio at this size where a floor was measured. */
  ratio?: number;
}

/** A curve: one measured quantity against dataset size, several series. */
export interface Curve {
  id: string;
  title: string;
  /** What `size` counts, e.g. "events in the session". */
  sizeLabel: string;
  points: CurvePoint[];
}

/** Largest over smallest p50 of one series: 1 means flat. NaN with fewer than two points. */
export function flatness(curve: Curve, series: string): number {
  const values = curve.points.map((p) => p.p50[series]).filter((v): v is number => v !== undefined);
  if (values.length < 2) return Number.NaN;
  return (values.at(-1) as number) / (values[0] as number);
}
