import { peakRssBytes, resetPeakRss } from "../rss.js";
import { type LatencySummary, summarizeLatencies } from "../stats.js";
import { benchEvent, benchEvents } from "./events.js";
import type { StandardSizes } from "./sizes.js";
import type { BenchEvent, StandardSubject, SubjectFactory, WorkloadId } from "./subject.js";

/** What one subject did on one workload in one process. */
export interface WorkloadResult extends LatencySummary {
  workload: WorkloadId;
  /** Operations asked for (n is less when the time budget ran out). */
  planned: number;
  /** For W5: events per second (ops are batches). */
  eventsPerSecond?: number;
  /** Peak RSS of the process during this workload (bytes). */
  peakRssBytes: number;
  /** The subject's files after the workload (bytes). */
  bytesOnDisk: number;
  /** Set when the subject cannot run the workload. */
  unsupported?: string;
  /** Untimed preparation the workload needed (e.g. topping up a session cut short by W2's budget). */
  note?: string;
}

/** One subject opened for a run: its factory (name, unsupported list) and the open store. */
export interface OpenSubject {
  factory: SubjectFactory;
  subject: StandardSubject;
}

/** Interleaved runs: per workload, each block's time (µs) per subject, in subject order. */
export type BlockTimes = Partial<Record<WorkloadId, number[][]>>;

export const sessionId = (i: number) => `s${i}`;
export const userOf = (i: number, sizes: StandardSizes) => `user${i % sizes.users}`;

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** One workload: how many calls, the call itself, and what the subject needs first (untimed). */
interface Plan {
  id: WorkloadId;
  count: number;
  budgetMs: number;
  /** Untimed preparation; returns a note for the table when it did something worth saying. */
  prepare?: (s: StandardSubject) => Promise<string | undefined>;
  op: (s: StandardSubject, i: number) => unknown;
  /** Events per op (W5), for events/s. */
  eventsPerOp?: number;
  /** Why a subject cannot run it (beyond the factory's `unsupported`). */
  missing?: (s: StandardSubject) => string | undefined;
}

/** The five workloads over one store per subject; W3's top-up depends on how far W2 got. */
function plans(sizes: StandardSizes, w2Done: Map<StandardSubject, number>): Plan[] {
  const base = Date.now();
  const appendSessions = Math.min(sizes.appendSessions, sizes.sessions);
  // W5's input, made when W5 starts (not held through W1–W4, where it would count in their RSS).
  let batches: BenchEvent[][] = [];
  return [
    {
      id: "W1",
      count: sizes.sessions,
      budgetMs: sizes.budgetMs,
      op: (s, i) => s.createSession(userOf(i, sizes), sessionId(i)),
    },
    {
      id: "W2",
      count: sizes.events,
      budgetMs: sizes.budgetMs,
      op: (s, i) => {
        const k = i % appendSessions;
        return s.appendEvent(userOf(k, sizes), sessionId(k), benchEvent(i, base + i));
      },
    },
    {
      id: "W3",
      count: sizes.reads,
      budgetMs: sizes.budgetMs,
      // Session 0 got every appendSessions-th event of W2; a W2 cut short by its budget leaves
      // fewer than readLast, topped up here so every subject reads the same number of events.
      prepare: async (s) => {
        const have = Math.ceil((w2Done.get(s) ?? 0) / appendSessions);
        const missing = sizes.readLast - have;
        if (missing <= 0) return undefined;
        const from = sizes.events + 1;
        if (s.appendBatch) {
          await s.appendBatch(
            userOf(0, sizes),
            sessionId(0),
            benchEvents(from, missing, base, "t"),
          );
        } else {
          for (let k = 0; k < missing; k++) {
            await s.appendEvent(userOf(0, sizes), sessionId(0), benchEvent(from + k, base, "t"));
          }
        }
        return `session topped up untimed with ${missing.toLocaleString("en")} events before W3`;
      },
      op: (s) => s.readSession(userOf(0, sizes), sessionId(0), sizes.readLast),
    },
    {
      id: "W4",
      count: sizes.lists,
      budgetMs: sizes.budgetMs,
      missing: (s) => (s.listRecentSessions ? undefined : "no listing"),
      op: (s) => s.listRecentSessions?.(userOf(0, sizes), sizes.listLimit),
    },
    {
      id: "W5",
      count: sizes.batches,
      budgetMs: sizes.budgetMs * 2,
      eventsPerOp: sizes.batchEvents,
      missing: (s) => (s.appendBatch ? undefined : "no batch append"),
      prepare: async (s) => {
        if (batches.length === 0) {
          batches = Array.from({ length: sizes.batches }, (_, b) =>
            benchEvents(0, sizes.batchEvents, base + b, `b${b}-`),
          );
        }
        for (let b = 0; b < sizes.batches; b++) {
          await s.createSession(userOf(0, sizes), `batch${b}`);
        }
        return undefined;
      },
      op: (s, b) => s.appendBatch?.(userOf(0, sizes), `batch${b}`, batches[b] as BenchEvent[]),
    },
  ];
}

async function timeOne(s: StandardSubject, op: Plan["op"], i: number): Promise<number> {
  const t = performance.now();
  const r = op(s, i);
  if (r instanceof Promise) await r;
  return (performance.now() - t) * 1000;
}

/**
 * Runs W1–W5 in order on freshly opened subjects (W1 creates the sessions, W2 appends to the
 * first `appendSessions` round-robin, W3 reads session 0, W4 lists user 0's sessions, W5 appends
 * batches into fresh sessions). One subject: a plain run. Several: each workload's calls are cut
 * into `blocks` blocks, and the subjects take turns block by block (the first to go alternates),
 * so machine load that drifts hits all alike; `blockTimes` then holds every block's time.
 */
export async function runWorkloads(
  open: readonly OpenSubject[],
  sizes: StandardSizes,
  blocks = 1,
  blockTimes?: BlockTimes,
): Promise<WorkloadResult[][]> {
  const w2Done = new Map<StandardSubject, number>();
  const results: WorkloadResult[][] = open.map(() => []);
  for (const plan of plans(sizes, w2Done)) {
    const reasons = open.map((o) => o.factory.unsupported?.[plan.id] ?? plan.missing?.(o.subject));
    const notes: Array<string | undefined> = [];
    for (const [k, o] of open.entries())
      notes[k] = reasons[k] ? undefined : await plan.prepare?.(o.subject);
    const samples: number[][] = open.map(() => []);
    const total = open.map(() => 0);
    const peak = open.map(() => 0);
    const perBlock = Math.max(1, Math.ceil(plan.count / blocks));
    const times: number[][] = [];
    const deadline = performance.now() + plan.budgetMs * open.length;
    let done = 0;
    const runnable = reasons.some((r) => r === undefined);
    for (let b = 0; runnable && done < plan.count && performance.now() < deadline; b++) {
      const n = Math.min(perBlock, plan.count - done);
      const row = open.map(() => 0);
      const order = open.map((_, k) => k);
      if (b % 2 === 1) order.reverse();
      for (const k of order) {
        if (reasons[k]) continue;
        const o = open[k] as OpenSubject;
        collectGarbage();
        if (open.length === 1 || b === 0) resetPeakRss();
        const soloDeadline = performance.now() + plan.budgetMs;
        for (let i = done; i < done + n; i++) {
          const us = await timeOne(o.subject, plan.op, i);
          (samples[k] as number[]).push(us);
          row[k] = (row[k] as number) + us;
          // A lone subject stops at its budget; interleaved ones finish the block (same calls).
          if (open.length === 1 && performance.now() > soloDeadline) break;
        }
        total[k] = (total[k] as number) + (row[k] as number);
        peak[k] = Math.max(peak[k] as number, peakRssBytes());
      }
      times.push(row);
      if (open.length === 1) {
        // A lone subject may stop inside the block (its budget): count what it did.
        const did = (samples[0] as number[]).length - done;
        done += did;
        if (did < n) break;
      } else done += n;
    }
    if (blockTimes) blockTimes[plan.id] = times;
    for (const [k, o] of open.entries()) {
      const list = results[k] as WorkloadResult[];
      if (reasons[k]) {
        list.push({
          workload: plan.id,
          planned: plan.count,
          n: 0,
          opsPerSecond: 0,
          p50: 0,
          p99: 0,
          peakRssBytes: 0,
          bytesOnDisk: o.subject.bytesOnDisk(),
          unsupported: reasons[k],
        });
        continue;
      }
      const summary = summarizeLatencies(samples[k] as number[], total[k] as number);
      if (plan.id === "W2") w2Done.set(o.subject, summary.n);
      const result: WorkloadResult = {
        workload: plan.id,
        planned: plan.count,
        ...summary,
        peakRssBytes: peak[k] as number,
        bytesOnDisk: o.subject.bytesOnDisk(),
      };
      if (plan.eventsPerOp) result.eventsPerSecond = summary.opsPerSecond * plan.eventsPerOp;
      if (notes[k]) result.note = notes[k];
      list.push(result);
    }
  }
  return results;
}
