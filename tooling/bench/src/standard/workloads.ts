import { peakRssBytes, resetPeakRss } from "../rss.js";
import { type LatencySummary, summarizeLatencies } from "../stats.js";
import { benchEvent, benchEvents } from "./events.js";
import type { StandardSizes } from "./sizes.js";
import type { StandardSubject, SubjectFactory, WorkloadId } from "./subject.js";

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

export const sessionId = (i: number) => `s${i}`;
export const userOf = (i: number, sizes: StandardSizes) => `user${i % sizes.users}`;

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Times calls of `op(i)` for i = 0, 1, … until `count` are done or the budget runs out. */
async function timed(
  count: number,
  budgetMs: number,
  op: (i: number) => unknown,
): Promise<{ samples: number[]; totalUs: number }> {
  const samples: number[] = [];
  const started = performance.now();
  const deadline = started + budgetMs;
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const r = op(i);
    if (r instanceof Promise) await r;
    const end = performance.now();
    samples.push((end - t) * 1000);
    if (end > deadline) break;
  }
  return { samples, totalUs: (performance.now() - started) * 1000 };
}

/**
 * Runs W1–W5 in order on a freshly opened subject, one after the other on the same store:
 * W1 creates the sessions, W2 appends to the first `appendSessions` of them round-robin, W3
 * reads session 0, W4 lists user 0's sessions, W5 appends batches into fresh sessions.
 */
export async function runWorkloads(
  factory: SubjectFactory,
  subject: StandardSubject,
  sizes: StandardSizes,
): Promise<WorkloadResult[]> {
  const results: WorkloadResult[] = [];
  const base = Date.now();
  const finish = (
    workload: WorkloadId,
    planned: number,
    run: { samples: number[]; totalUs: number },
    extra: Partial<WorkloadResult> = {},
  ) => {
    results.push({
      workload,
      planned,
      ...summarizeLatencies(run.samples, run.totalUs),
      peakRssBytes: peakRssBytes(),
      bytesOnDisk: subject.bytesOnDisk(),
      ...extra,
    });
  };
  const skip = (workload: WorkloadId, planned: number, reason: string) =>
    results.push({
      workload,
      planned,
      n: 0,
      opsPerSecond: 0,
      p50: 0,
      p99: 0,
      peakRssBytes: 0,
      bytesOnDisk: subject.bytesOnDisk(),
      unsupported: reason,
    });
  const before = (id: WorkloadId) => {
    collectGarbage();
    resetPeakRss();
    return factory.unsupported?.[id];
  };

  // W1: create sessions, one call each.
  const w1Reason = before("W1");
  if (w1Reason) throw new Error(`${factory.name} cannot create sessions: ${w1Reason}`);
  const w1 = await timed(sizes.sessions, sizes.budgetMs, (i) =>
    subject.createSession(userOf(i, sizes), sessionId(i)),
  );
  finish("W1", sizes.sessions, w1);
  const created = w1.samples.length;
  const appendSessions = Math.min(sizes.appendSessions, created);

  // W2: single appends, round-robin over the first sessions.
  const perSession = new Array<number>(appendSessions).fill(0);
  const w2Reason = before("W2");
  if (w2Reason) skip("W2", sizes.events, w2Reason);
  else {
    const w2 = await timed(sizes.events, sizes.budgetMs, (i) => {
      const s = i % appendSessions;
      perSession[s] = (perSession[s] as number) + 1;
      return subject.appendEvent(userOf(s, sizes), sessionId(s), benchEvent(i, base + i));
    });
    finish("W2", sizes.events, w2);
  }

  // W3: read session 0 with its last `readLast` events. Topped up untimed when W2 stopped short.
  const w3Reason = before("W3");
  if (w3Reason) skip("W3", sizes.reads, w3Reason);
  else {
    let note: string | undefined;
    const missing = sizes.readLast - (perSession[0] ?? 0);
    if (missing > 0) {
      const from = sizes.events + 1;
      if (subject.appendBatch) {
        await subject.appendBatch(
          userOf(0, sizes),
          sessionId(0),
          benchEvents(from, missing, base, "t"),
        );
      } else {
        for (let k = 0; k < missing; k++) {
          await subject.appendEvent(
            userOf(0, sizes),
            sessionId(0),
            benchEvent(from + k, base, "t"),
          );
        }
      }
      note = `session topped up untimed with ${missing.toLocaleString("en")} events before W3`;
    }
    const w3 = await timed(sizes.reads, sizes.budgetMs, () =>
      subject.readSession(userOf(0, sizes), sessionId(0), sizes.readLast),
    );
    finish("W3", sizes.reads, w3, note ? { note } : {});
  }

  // W4: the most recently updated sessions of user 0.
  const w4Reason = before("W4") ?? (subject.listRecentSessions ? undefined : "no listing");
  if (w4Reason || !subject.listRecentSessions) skip("W4", sizes.lists, w4Reason ?? "no listing");
  else {
    const list = subject.listRecentSessions.bind(subject);
    const w4 = await timed(sizes.lists, sizes.budgetMs, () =>
      list(userOf(0, sizes), sizes.listLimit),
    );
    finish("W4", sizes.lists, w4);
  }

  // W5: batches into fresh sessions (created untimed), each one call.
  const w5Reason = before("W5") ?? (subject.appendBatch ? undefined : "no batch append");
  if (w5Reason || !subject.appendBatch) skip("W5", sizes.batches, w5Reason ?? "no batch append");
  else {
    const batch = subject.appendBatch.bind(subject);
    const batches = Array.from({ length: sizes.batches }, (_, b) =>
      benchEvents(0, sizes.batchEvents, base + b, `b${b}-`),
    );
    for (let b = 0; b < sizes.batches; b++) {
      await subject.createSession(userOf(0, sizes), `batch${b}`);
    }
    collectGarbage();
    resetPeakRss();
    const w5 = await timed(sizes.batches, sizes.budgetMs * 2, (b) =>
      batch(userOf(0, sizes), `batch${b}`, batches[b] as BenchEventList),
    );
    finish("W5", sizes.batches, w5, {
      eventsPerSecond: (w5.samples.length * sizes.batchEvents * 1e6) / w5.totalUs,
    });
  }
  return results;
}

type BenchEventList = ReturnType<typeof benchEvents>;
