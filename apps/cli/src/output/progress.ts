import cliProgress from "cli-progress";

/** A progress display that does nothing when progress is off. */
export interface Progress {
  update(done: number): void;
  /** Marks `done` as the real total (the estimate may have been high) and ends the bar. */
  finish(done: number): void;
  stop(): void;
}

/**
 * A bar on stderr with rate and ETA when `enabled` (an interactive terminal without --json);
 * otherwise silent, so pipes, cron and --json output stay clean.
 */
export function startProgress(
  enabled: boolean,
  label: string,
  total: number,
  unit: string,
  format?: (value: number) => string,
): Progress {
  if (!enabled) return { update: () => {}, finish: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {shown}/{shownTotal}${unit ? ` ${unit}` : ""} | {rate}/s | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const show = format ?? ((value: number) => String(value));
  const started = Date.now();
  const payload = (value: number) => ({
    shown: show(value),
    shownTotal: show(Math.max(total, value)),
    rate: show(Math.round(value / Math.max((Date.now() - started) / 1000, 0.001))),
  });
  bar.start(Math.max(total, 1), 0, payload(0));
  return {
    update(done) {
      if (done > bar.getTotal()) bar.setTotal(done);
      bar.update(done, payload(done));
    },
    finish(done) {
      bar.setTotal(Math.max(done, 1));
      bar.update(done, payload(done));
      bar.stop();
    },
    stop() {
      bar.stop();
    },
  };
}
