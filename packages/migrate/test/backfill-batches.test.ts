import {
  MemoryRepository,
  type SessionKey,
  SessionKitError,
  type SessionSnapshot,
} from "@sessionkit/core";
import {
  backfill,
  readBackfillCheckpoint,
  repositorySource,
  type SessionSource,
  verify,
} from "@sessionkit/migrate";
import { describe, expect, it } from "vitest";

const keyOf = (i: number): SessionKey => ({
  appName: "app",
  userId: "u",
  sessionId: `s${String(i).padStart(3, "0")}`,
});

async function seed(legacy: MemoryRepository, sessions: number): Promise<void> {
  for (let i = 0; i < sessions; i++) {
    await legacy.createSession(keyOf(i));
    await legacy.appendEvent(keyOf(i), { author: "user", content: { text: `m${i}` } });
  }
}

/** A source whose `sessions()` passes every snapshot through `map` (e.g. to corrupt one). */
function mappedSource(
  base: SessionSource,
  map: (s: SessionSnapshot) => SessionSnapshot | Promise<SessionSnapshot>,
): SessionSource {
  return {
    ...base,
    async *sessions(options) {
      for await (const s of base.sessions(options)) yield await map(s);
    },
  };
}

describe("backfill batches", () => {
  it("reports a session the target rejects and copies every other one of its batch", async () => {
    const legacy = new MemoryRepository();
    const target = new MemoryRepository();
    await seed(legacy, 12);
    const base = repositorySource(legacy, "legacy");
    // Session 5 arrives with a gap in its seqs: the target's validation rejects it.
    const source = mappedSource(base, (s) =>
      s.id === keyOf(5).sessionId
        ? { ...s, events: s.events.map((e) => ({ ...e, seq: e.seq + 1 })) }
        : s,
    );
    const r = await backfill({ source, target, batchSize: 100 });
    expect(r.failed).toBe(1);
    expect(r.sessions).toBe(12);
    expect(r.written).toBe(11);
    expect(r.problems).toEqual([
      expect.objectContaining({ key: keyOf(5), code: "INVALID_ARGUMENT" }),
    ]);
    expect(r.problems[0]?.message).toMatch(/seq/);
    expect(await target.readSnapshot(keyOf(5))).toBeNull();
    for (const i of [4, 6, 11]) expect(await target.readSnapshot(keyOf(i))).not.toBeNull();
    // The checkpoint moved past the bad session: a new run does not retry it forever.
    expect((await readBackfillCheckpoint(target))?.after).toEqual(keyOf(11));
  });

  it("commits a batch once its transaction has been open maxBatchMs, however slow the source", async () => {
    const legacy = new MemoryRepository();
    const target = new MemoryRepository();
    await seed(legacy, 6);
    const base = repositorySource(legacy, "legacy");
    const slow = mappedSource(base, async (s) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return s;
    });
    const r = await backfill({ source: slow, target, batchSize: 100, maxBatchMs: 45 });
    expect(r.sessions).toBe(6);
    // 30 ms per session, at most ~45 ms per batch: two sessions per batch, not one batch of six.
    expect(r.batches).toBeGreaterThanOrEqual(3);
    expect((await verify({ legacy: base, target })).ok).toBe(true);
  });

  it("retries a batch that could not start (BUSY), and stops on a failure after it read the source", async () => {
    const legacy = new MemoryRepository();
    await seed(legacy, 4);
    const base = repositorySource(legacy, "legacy");
    const busy = () =>
      new SessionKitError({
        code: "BUSY",
        adapter: "test",
        operation: "transaction",
        problem: "the database is locked",
      });

    // BUSY before the callback ran: retried, nothing lost.
    const target = new MemoryRepository();
    let refusals = 1;
    const flaky = new Proxy(target, {
      get(t, p, r) {
        if (p === "transaction")
          return (fn: Parameters<MemoryRepository["transaction"]>[0]) => {
            if (refusals-- > 0) return Promise.reject(busy());
            return t.transaction(fn);
          };
        const v = Reflect.get(t, p, r);
        return typeof v === "function" ? v.bind(t) : v;
      },
    });
    const ok = await backfill({ source: base, target: flaky });
    expect(ok.sessions).toBe(4);
    expect((await verify({ legacy: base, target })).ok).toBe(true);

    // BUSY after the batch consumed the source: the run fails and the checkpoint did not move.
    const second = new MemoryRepository();
    const failing = new Proxy(second, {
      get(t, p, r) {
        if (p === "transaction")
          return async (fn: Parameters<MemoryRepository["transaction"]>[0]) =>
            t.transaction(async (tx) => {
              await fn(tx);
              throw busy();
            });
        const v = Reflect.get(t, p, r);
        return typeof v === "function" ? v.bind(t) : v;
      },
    });
    await expect(backfill({ source: base, target: failing })).rejects.toMatchObject({
      code: "BUSY",
    });
    expect(await readBackfillCheckpoint(second)).toBeNull();
    const resumed = await backfill({ source: base, target: second });
    expect(resumed.sessions).toBe(4);
    expect((await verify({ legacy: base, target: second })).ok).toBe(true);
  });
});
