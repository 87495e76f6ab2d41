import {
  W6_MODES,
  W6_P99_TARGET,
  W6_SCENARIOS,
  W6_THROUGHPUT_TARGET,
  type W6Results,
  type W6Run,
} from "../concurrency/w6.js";
import { fmtLatency, fmtRate, fmtRatio, markdownTable } from "./format.js";

/** One W6 target row: what was asked, what was measured, pass/miss (undefined: not measured). */
export interface W6TargetRow {
  target: string;
  measured: string;
  ok: boolean | undefined;
}

const find = (r: W6Results, config: string, mode: string, scenario: string): W6Run | undefined =>
  r.runs.find((x) => x.config === config && x.mode === mode && x.scenario === scenario && !x.error);

/**
 * W6's targets (issue 21), on the configurations where a commit waits for the disk or the
 * network: 64 callers with group commit ≥ 5× the appends/s of one transaction per call, and
 * their p99 ≤ 2× the p99 of one caller alone (same configuration, group commit).
 */
export function w6TargetRows(r: W6Results): W6TargetRow[] {
  const rows: W6TargetRow[] = [];
  const configs = [...new Set(r.runs.filter((x) => x.targeted).map((x) => x.config))];
  const [grouped, perCall] = W6_MODES;
  const many = W6_SCENARIOS[0]?.name as string;
  const one = W6_SCENARIOS[2]?.name as string;
  for (const config of configs) {
    const g = find(r, config, grouped as string, many);
    const p = find(r, config, perCall as string, many);
    const speedup =
      g && p && p.appendsPerSecond > 0 ? g.appendsPerSecond / p.appendsPerSecond : NaN;
    rows.push({
      target: `W6 ${config}: 64 callers, group commit ≥ ${W6_THROUGHPUT_TARGET}× the appends/s of one transaction per call`,
      measured: Number.isFinite(speedup)
        ? `${fmtRatio(speedup)} (${fmtRate(g?.appendsPerSecond ?? 0)} vs ${fmtRate(p?.appendsPerSecond ?? 0)}/s)` +
          (speedup < W6_THROUGHPUT_TARGET
            ? noFsyncBound(r, config, p, g) + cpuBound(g, p, r.cores)
            : "")
        : "not measured (groupCommit: false not accepted by this build)",
      ok: Number.isFinite(speedup) ? speedup >= W6_THROUGHPUT_TARGET : undefined,
    });
    const single = find(r, config, grouped as string, one);
    const tail = g && single && single.p99 > 0 ? g.p99 / single.p99 : NaN;
    rows.push({
      target: `W6 ${config}: 64 callers' p99 ≤ ${W6_P99_TARGET}× a single caller's p99 (group commit)`,
      measured: Number.isFinite(tail)
        ? `${fmtRatio(tail)} (${fmtLatency(g?.p99 ?? 0)} vs ${fmtLatency(single?.p99 ?? 0)})${littleBound(g, single) || serverBound(g, single)}`
        : "not measured",
      ok: Number.isFinite(tail) ? tail <= W6_P99_TARGET : undefined,
    });
  }
  return rows;
}

/**
 * A configuration whose commits wait for the disk, and its twin of the same run whose commits
 * do not: SQLite/libSQL `synchronous FULL` → `NORMAL` (no fsync at commit), PostgreSQL
 * `synchronous_commit on` → `off` (no wait for the WAL flush).
 */
const COMMIT_WAIT_TWINS = [
  {
    waits: "synchronous FULL",
    free: "synchronous NORMAL",
    perCall: "one FULL transaction per call",
    what: "no fsync at all",
    hidden:
      "reachable only with the fsync hidden entirely (the commit's fsync runs on the event-loop thread)",
  },
  {
    waits: "synchronous_commit on",
    free: "synchronous_commit off",
    perCall: "one transaction per call with synchronous_commit on",
    what: "no commit waiting for its WAL flush",
    hidden: "reachable only with the commits' flush waits hidden entirely",
  },
] as const;

/**
 * For a missed throughput target of a configuration whose commits wait for the disk: what the
 * same group commit does when they do not (its twin in the same run, {@link COMMIT_WAIT_TWINS})
 * over one waiting transaction per call. Below the target, no way of paying the commit's wait
 * can reach it: the appends' own work bounds the rate. At or above it, only hiding the wait
 * entirely could. When the twin ran SLOWER than the waiting configuration's own group commit
 * (`grouped`) it bounds nothing (on PostgreSQL it does, run after run: commits that do not wait
 * gather fewer appends each): that is said instead. "" when there is no such pair.
 */
export function noFsyncBound(
  r: W6Results,
  config: string,
  perCall: W6Run | undefined,
  grouped?: W6Run,
): string {
  const twin = COMMIT_WAIT_TWINS.find((t) => config.includes(t.waits));
  if (!twin || !perCall || perCall.appendsPerSecond <= 0) return "";
  const free = config.replace(twin.waits, twin.free);
  const g = find(r, free, W6_MODES[0] as string, W6_SCENARIOS[0]?.name as string);
  if (!g) return "";
  if (grouped && g.appendsPerSecond < grouped.appendsPerSecond) {
    return (
      `; with ${twin.what} (${free}, this run) the same group commit did ${fmtRate(g.appendsPerSecond)}/s, ` +
      `slower than with the wait (${fmtRate(grouped.appendsPerSecond)}/s), so it bounds nothing`
    );
  }
  const bound = g.appendsPerSecond / perCall.appendsPerSecond;
  return (
    `; with ${twin.what} (${free}, this run) the same group commit does ${fmtRate(g.appendsPerSecond)}/s = ` +
    `${fmtRatio(bound)} ${twin.perCall}: ` +
    (bound < W6_THROUGHPUT_TARGET
      ? "out of reach by batching commits, the appends' own work bounds the rate"
      : twin.hidden)
  );
}

/** A run using at least this share of the machine's cores is CPU-bound. */
const CPU_BOUND_SHARE = 0.9;

/**
 * For a missed throughput target: whether the group-commit run was CPU-bound — the client
 * process (all its threads) and the local server's processes together computed for at least
 * {@link CPU_BOUND_SHARE} of the machine's cores over the run — and then the most the machine's
 * cores can do at that CPU per append, over one transaction per call. "" when the run was not
 * CPU-bound or the server's CPU time is not known (embedded stores: no server to read).
 */
export function cpuBound(
  grouped: W6Run | undefined,
  perCall: W6Run | undefined,
  cores: number | undefined,
): string {
  const cpu = grouped?.cpu;
  if (!grouped || !perCall || !cpu || cpu.serverMs === undefined || !cores) return "";
  if (perCall.appendsPerSecond <= 0 || grouped.appends <= 0 || cpu.wallMs <= 0) return "";
  const usedMs = cpu.clientMs + cpu.serverMs;
  const coresUsed = usedMs / cpu.wallMs;
  if (coresUsed < CPU_BOUND_SHARE * cores) return "";
  const perAppendUs = (usedMs * 1000) / grouped.appends;
  const maxRate = (cores * 1e6) / perAppendUs;
  const bound = maxRate / perCall.appendsPerSecond;
  return (
    `; CPU-bound: client and server computed ${fmtLatency(perAppendUs)} per append ` +
    `(client ${fmtLatency((cpu.clientMs * 1000) / grouped.appends)}, server ${fmtLatency((cpu.serverMs * 1000) / grouped.appends)}), ` +
    `using ${coresUsed.toFixed(2)} of the machine's ${cores} cores: at that cost ${cores} cores do at most ` +
    `${fmtRate(maxRate)}/s = ${fmtRatio(bound)} one transaction per call` +
    (bound < W6_THROUGHPUT_TARGET
      ? ", so the target is out of reach on this machine"
      : ", so only less CPU per append can reach it")
  );
}

/**
 * Why a p99 target is out of reach at the measured throughput, or "". Each of `many.callers`
 * callers always has one append in flight, so by Little's law their MEAN latency is exactly
 * callers ÷ throughput; the p99 is at least the mean. When that mean already exceeds the
 * target, only a higher throughput could meet it: the throughput it would take is given.
 */
export function littleBound(many: W6Run | undefined, single: W6Run | undefined): string {
  if (!many || !single || many.appendsPerSecond <= 0 || single.p99 <= 0) return "";
  const meanUs = (many.callers / many.appendsPerSecond) * 1e6;
  const allowedUs = W6_P99_TARGET * single.p99;
  if (meanUs <= allowedUs) return "";
  const needed = (many.callers / allowedUs) * 1e6;
  return (
    `; out of reach at this throughput: ${many.callers} callers with an append each in flight wait ` +
    `${many.callers} ÷ ${fmtRate(many.appendsPerSecond)}/s = ${fmtLatency(meanUs)} on average (Little's law), ` +
    `over the ${fmtLatency(allowedUs)} allowed; meeting it takes ≥ ${fmtRate(needed)} appends/s ` +
    `(${fmtRatio(needed / many.appendsPerSecond)} the measured)`
  );
}

/**
 * Why a p99 target is out of reach for the client, or "": during the slowest 1 % of calls the
 * server itself (a local sqld the bench started) computed for longer than the p99 allowed —
 * CPU time of the server process while those calls waited, so no client-side scheduling could
 * have answered them sooner. Figures for the faster half are given beside it.
 */
export function serverBound(many: W6Run | undefined, single: W6Run | undefined): string {
  const cpu = many?.serverCpu;
  if (!many || !single || !cpu || single.p99 <= 0) return "";
  const allowedUs = W6_P99_TARGET * single.p99;
  if (cpu.slowestCallsMs * 1000 <= allowedUs) return "";
  return (
    `; the server's own work: while the slowest 1 % of calls waited, sqld itself computed ` +
    `${fmtLatency(cpu.slowestCallsMs * 1000)} on average (its CPU time; ${fmtLatency(cpu.fasterHalfMs * 1000)} ` +
    `during the faster half of the calls), over the ${fmtLatency(allowedUs)} allowed: out of the client's reach`
  );
}

/** BENCHMARKS.md's W6 section: appends/s and latency per configuration, mode and scenario. */
export function w6Section(r: W6Results): string[] {
  const rows = r.runs.map((x) => [
    x.config,
    x.mode,
    x.scenario,
    x.error ? "—" : fmtRate(x.appendsPerSecond),
    x.error ? "—" : fmtLatency(x.p50),
    x.error ? "—" : fmtLatency(x.p99),
    x.error ? `not run: ${x.error}` : "",
  ]);
  return [
    "## W6 — concurrent appends",
    "",
    `Async callers in one process, each looping \`await appendEvent(…)\` for ${r.secondsPerRun} s: 64 callers on 64 distinct ` +
      "sessions, 8 callers on one session, and one caller alone. Each configuration in both commit modes: the adapter's " +
      "default (group commit: concurrent appends coalesced into one transaction) and `groupCommit: false` (one transaction " +
      "per call). Appends/s = appends ÷ wall time; p50/p99 per call. Embedded stores on a fresh file; remote libSQL over " +
      "ws:// to a local sqld; PostgreSQL on the bench's local server (fsync on), a fresh schema per run.",
    "",
    markdownTable(["configuration", "commit", "callers", "appends/s", "p50", "p99", "note"], rows),
    "",
    ...r.notes.map((n) => `- ${n}`),
    ...(r.notes.length > 0 ? [""] : []),
  ];
}
