import { join } from "node:path";
import {
  isSessionKitError,
  MemoryRepository,
  type NewEvent,
  type SessionRepository,
  type SessionSnapshot,
} from "@sessionkit/core";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "./support/temp-dir.js";

/**
 * The multi-row insert paths of @sessionkit/sql that backfill relies on (writeSnapshot) and
 * that batch appends take (chunks of up to 64 rows), checked against MemoryRepository: chunk
 * boundaries, partial events between stored ones, a stored duplicate or a conflicting id in
 * the middle of a chunk (the chunk is redone row by row), state deltas and full-text search.
 */
const key = { appName: "app", userId: "u1", sessionId: "s1" };

function eventAt(i: number): NewEvent {
  const e: NewEvent = {
    id: `e${i}`,
    author: i % 2 === 0 ? "user" : "model",
    content: { text: `message ${i} word${i}` },
    timestamp: 1_000 + i,
  };
  if (i % 10 === 3) e.stateDelta = { [`k${i}`]: i, [`app:a${i % 4}`]: i, [`user:u${i % 3}`]: i };
  if (i % 10 === 5) e.metadata = { n: i };
  if (i % 17 === 0) e.invocationId = `inv${i}`;
  if (i % 29 === 7) e.partial = true;
  return e;
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, k) => eventAt(from + k));

let remove: () => void;
let sqlite: SessionRepository;
let memory: MemoryRepository;

beforeEach(async () => {
  const t = tempDir("sk-bulk-");
  remove = t.remove;
  sqlite = createSqliteRepository({ path: join(t.dir, "t.db") });
  memory = new MemoryRepository();
  for (const repo of [sqlite, memory]) await repo.createSession(key, { state: { start: 1 } });
});

afterEach(async () => {
  await sqlite.close();
  await memory.close();
  remove();
});

/** Runs the same call on both and checks the results and the stored sessions are equal. */
async function both<T>(call: (repo: SessionRepository) => Promise<T>): Promise<T> {
  const [a, b] = await Promise.allSettled([call(sqlite), call(memory)]);
  if (a.status === "rejected" || b.status === "rejected") {
    expect(a.status).toBe(b.status);
    const ea = (a as PromiseRejectedResult).reason;
    const eb = (b as PromiseRejectedResult).reason;
    expect(isSessionKitError(ea) && ea.code).toBe(isSessionKitError(eb) && eb.code);
    throw ea;
  }
  expect(a.value).toEqual(b.value);
  const [sa, sb] = await Promise.all([sqlite.readSnapshot(key), memory.readSnapshot(key)]);
  expect({ ...sa, createdAt: 0, updatedAt: 0 }).toEqual({ ...sb, createdAt: 0, updatedAt: 0 });
  for (const userId of ["u1"]) {
    expect(await sqlite.getUserState({ appName: "app", userId })).toEqual(
      await memory.getUserState({ appName: "app", userId }),
    );
  }
  expect(await sqlite.getAppState({ appName: "app" })).toEqual(
    await memory.getAppState({ appName: "app" }),
  );
  return a.value;
}

describe("batch append in multi-row chunks", () => {
  it("stores 1..300 events with partial events between them like the reference", async () => {
    for (const [from, to] of [
      [1, 1],
      [2, 3],
      [4, 70],
      [71, 71],
      [72, 371],
    ] as const) {
      const out = await both((r) => r.appendEvents(key, range(from, to)));
      expect(out.length).toBe(to - from + 1);
    }
    const snap = await sqlite.readSnapshot(key);
    expect(snap?.events.map((e) => e.seq)).toEqual(
      Array.from({ length: snap?.lastSeq ?? 0 }, (_, i) => i + 1),
    );
  });

  it("redoes a chunk row by row when an id is already stored with the same content", async () => {
    await both((r) => r.appendEvents(key, range(1, 10)));
    // 130 events; two of them (in different chunks) are retries of stored events.
    const batch = [...range(11, 60), eventAt(4), ...range(61, 120), eventAt(9), ...range(121, 138)];
    const out = await both((r) => r.appendEvents(key, batch));
    expect(out[50]?.seq).toBe(4);
    const snap = await sqlite.readSnapshot(key);
    expect(snap?.events.map((e) => e.seq)).toEqual(
      Array.from({ length: snap?.lastSeq ?? 0 }, (_, i) => i + 1),
    );
  });

  it("fails a batch whose id is stored with other content (CONFLICT) and writes nothing", async () => {
    await both((r) => r.appendEvents(key, range(1, 10)));
    const before = await sqlite.readSnapshot(key);
    const batch = [...range(11, 90), { ...eventAt(6), content: "different" }, ...range(91, 99)];
    await expect(both((r) => r.appendEvents(key, batch))).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await sqlite.readSnapshot(key)).toEqual(before);
    expect(await sqlite.searchEvents({ appName: "app", query: "word50" })).toEqual([]);
  });

  it("keeps the full-text index in step with every chunk", async () => {
    await both((r) => r.appendEvents(key, range(1, 200)));
    for (const i of [1, 64, 65, 130, 200]) {
      const hits = await sqlite.searchEvents({ appName: "app", query: `word${i}` });
      expect(hits.map((h) => h.event.id)).toEqual(eventAt(i).partial ? [] : [`e${i}`]);
    }
  });
});

describe("writeSnapshot in multi-row chunks", () => {
  function snapshotOf(id: string, events: number): SessionSnapshot {
    return {
      id,
      appName: "app",
      userId: "u2",
      status: "active",
      metadata: { m: 1 },
      state: { s: "x" },
      createdAt: 10,
      updatedAt: 20,
      expiredAt: null,
      revision: events + 1,
      lastSeq: events,
      events: Array.from({ length: events }, (_, i) => {
        const e = eventAt(i + 1);
        const { partial: _p, ...rest } = e;
        return { ...rest, id: `e${i + 1}`, seq: i + 1, timestamp: 1_000 + i };
      }),
    };
  }

  it("writes snapshots of 0, 1, 63, 64, 65 and 200 events exactly", async () => {
    for (const n of [0, 1, 63, 64, 65, 200]) {
      const s = snapshotOf(`snap${n}`, n);
      expect(await sqlite.writeSnapshot(s, { mode: "if-newer" })).toBe("written");
      expect(
        await sqlite.readSnapshot({ appName: "app", userId: "u2", sessionId: `snap${n}` }),
      ).toEqual(s);
    }
    const hits = await sqlite.searchEvents({ appName: "app", userId: "u2", query: "word190" });
    expect(hits.map((h) => h.event.id)).toEqual(["e190"]);
  });

  it("replaces a stored copy (and its index rows) with a newer one", async () => {
    await sqlite.writeSnapshot(snapshotOf("r", 100), { mode: "if-newer" });
    const newer = snapshotOf("r", 70);
    newer.revision = 500;
    expect(await sqlite.writeSnapshot(newer, { mode: "if-newer" })).toBe("written");
    expect(await sqlite.readSnapshot({ appName: "app", userId: "u2", sessionId: "r" })).toEqual(
      newer,
    );
    expect(await sqlite.searchEvents({ appName: "app", userId: "u2", query: "word90" })).toEqual(
      [],
    );
    expect(await sqlite.writeSnapshot(snapshotOf("r", 100), { mode: "if-newer" })).toBe("skipped");
  });
});
