import cliProgress from "cli-progress";
import type { Output } from "./output.js";

export interface ProgressUpdate {
  done: number;
  total: number | null;
  /** Extra figures shown after the count, e.g. events and rate. */
  events?: number;
  rate?: number;
}

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return `${m}m${String(Math.ceil(seconds - m * 60)).padStart(2, "0")}s`;
}

/**
 * Progress for long commands: a bar with rate and ETA when stderr is a terminal, plain
 * periodic lines otherwise (logs, CI), nothing with --json or --quiet.
 */
export class Progress {
  private bar: cliProgress.SingleBar | null = null;
  private lastLine = 0;
  private readonly started = Date.now();

  /**
   * @param startDone units already done before this run (a resumed backfill): the ETA is
   *   computed from this run's own pace, not from units an earlier run did.
   */
  constructor(
    private readonly out: Output,
    private readonly label: string,
    private readonly unit: string,
    private readonly intervalMs = 2000,
    private readonly startDone = 0,
  ) {}

  update(u: ProgressUpdate): void {
    if (this.out.json || this.out.quiet) return;
    const rate = u.rate ?? 0;
    const elapsed = (Date.now() - this.started) / 1000;
    const doneHere = u.done - this.startDone;
    const perUnit = doneHere > 0 ? elapsed / doneHere : 0;
    const eta = u.total && doneHere > 0 ? formatEta((u.total - u.done) * perUnit) : "?";
    if (this.out.stderr.isTTY) {
      if (!this.bar) {
        this.bar = new cliProgress.SingleBar(
          {
            format: `${this.label} [{bar}] {percentage}% | {value}/{total} ${this.unit} | {events} events | {rate} ev/s | ETA {etaText}`,
            stream: this.out.stderr,
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(u.total ?? u.done, u.done, { events: 0, rate: 0, etaText: "?" });
      }
      if (u.total !== null) this.bar.setTotal(Math.max(u.total, u.done));
      this.bar.update(u.done, { events: u.events ?? 0, rate: Math.round(rate), etaText: eta });
      return;
    }
    const now = Date.now();
    if (now - this.lastLine < this.intervalMs) return;
    this.lastLine = now;
    this.out.stderr.write(
      `${this.label}: ${u.done}${u.total !== null ? `/${u.total}` : ""} ${this.unit}` +
        `${u.events !== undefined ? `, ${u.events} events` : ""}` +
        `${u.rate !== undefined ? `, ${Math.round(rate)} events/s` : ""}, ETA ${eta}\n`,
    );
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

/**
 * Progress for one long step that reports no counts (an index build, an archive): the elapsed
 * time and, from `expectedSeconds`, an estimate of what is left — rewritten in place on a
 * terminal, a line every `intervalMs` otherwise, nothing with --json or --quiet. Call the
 * returned function when the step ends.
 */
export function startTicker(
  out: Output,
  label: string,
  expectedSeconds: number | null,
  intervalMs = 2000,
): () => void {
  if (out.json || out.quiet) return () => {};
  const started = Date.now();
  const tty = Boolean(out.stderr.isTTY);
  const line = () => {
    const elapsed = (Date.now() - started) / 1000;
    const left =
      expectedSeconds === null
        ? ""
        : elapsed < expectedSeconds
          ? `, ~${formatEta(expectedSeconds - elapsed)} left`
          : ", taking longer than estimated";
    return `${label}: ${formatEta(elapsed)} elapsed${left}`;
  };
  const write = () => out.stderr.write(tty ? `\r${line()}\x1b[K` : `${line()}\n`);
  write();
  const timer = setInterval(write, tty ? 500 : intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (tty) out.stderr.write(`\r${line()}\x1b[K\n`);
  };
}
