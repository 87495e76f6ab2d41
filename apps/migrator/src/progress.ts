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

  constructor(
    private readonly out: Output,
    private readonly label: string,
    private readonly unit: string,
    private readonly intervalMs = 2000,
  ) {}

  update(u: ProgressUpdate): void {
    if (this.out.json || this.out.quiet) return;
    const rate = u.rate ?? 0;
    const elapsed = (Date.now() - this.started) / 1000;
    const perUnit = u.done > 0 ? elapsed / u.done : 0;
    const eta = u.total && u.done > 0 ? formatEta((u.total - u.done) * perUnit) : "?";
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
