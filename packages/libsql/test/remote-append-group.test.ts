import { fileURLToPath } from "node:url";
import { ChildRunner, childScript } from "@sessionkit/conformance/child-process";
import type { JsonObject, NewEvent, SessionKey } from "@sessionkit/core";
import { createLibsqlRepository, type LibsqlRepository } from "@sessionkit/libsql";
import { afterEach, describe, expect, it } from "vitest";
import { type SqldServer, startSqld } from "./support/sqld-server.js";

let server: SqldServer | undefined;
const repositories: LibsqlRepository[] = [];

afterEach(async () => {
  server?.resume();
  for (const repository of repositories.splice(0)) await repository.close();
  await server?.stop();
  server = undefined;
});

function open(url: string, options: { requestTimeoutMs?: number } = {}): LibsqlRepository {
  const repository = createLibsqlRepository({ url, ...options });
  repositories.push(repository);
  return repository;
}

/** Counts the pipelined groups the repository's client driver sends (white box, real driver). */
async function countGroups(repository: LibsqlRepository): Promise<number[]> {
  await repository.health();
  const connection = (
    repository as unknown as {
      host: { connection: { driver(): Promise<Record<string, unknown>> } };
    }
  ).host.connection;
  const driver = (await connection.driver()) as {
    pipelinedBatches: (batches: unknown[], refusal: unknown) => Promise<unknown>;
  };
  const sizes: number[] = [];
  const original = driver.pipelinedBatches.bind(driver);
  driver.pipelinedBatches = (batches, refusal) => {
    sizes.push(batches.length);
    return original(batches, refusal);
  };
  return sizes;
}

const key = (i: number): SessionKey => ({ appName: "group", userId: "u", sessionId: `s${i}` });

describe("remote group commit (real sqld)", () => {
  it("sends 32 concurrent appends as one request (one transaction), each acknowledged once", async () => {
    server = await startSqld();
    const repository = open(server.wsUrl);
    for (let i = 0; i < 32; i++) await repository.createSession(key(i));
    const groups = await countGroups(repository);
    const stored = await Promise.all(
      Array.from({ length: 32 }, (_, i) =>
        repository.appendEvent(key(i), { author: "user", content: { text: `m${i}` } }),
      ),
    );
    // One request: the 32 appends to distinct sessions as merged statements, in five parts
    // (guard, event inserts, app/user state, session-state bumps, the other bumps).
    expect(groups).toEqual([5]);
    expect(stored.map((e) => e.seq)).toEqual(stored.map(() => 1));
    for (let i = 0; i < 32; i++) {
      const session = await repository.getSession(key(i));
      expect(session?.events?.map((e) => e.id)).toEqual([stored[i]?.id]);
    }
  });

  it("distinct sessions share one guard: a stale, a missing and an expired session fail alone, the rest are stored once", async () => {
    server = await startSqld();
    const repository = open(server.wsUrl);
    for (let i = 0; i < 12; i++) if (i !== 5) await repository.createSession(key(i));
    await repository.expireSession(key(9));
    const groups = await countGroups(repository);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        repository.appendEvent(
          key(i),
          { id: `g-${i}`, author: "user", content: { text: `m${i}` } },
          // Session 3 is at revision 1; expecting 7 is stale.
          i === 3 ? { expectedRevision: 7 } : i === 4 ? { expectedRevision: 1 } : undefined,
        ),
      ),
    );
    expect(groups[0]).toBe(5); // the group was tried as one merged request, then fell back
    const codes = outcomes.map((o) =>
      o.status === "rejected" ? (o.reason as { code: string }).code : "ok",
    );
    expect(codes).toEqual(
      Array.from({ length: 12 }, (_, i) =>
        i === 3 ? "STALE" : i === 5 || i === 9 ? "NOT_FOUND" : "ok",
      ),
    );
    for (let i = 0; i < 12; i++) {
      if (codes[i] !== "ok") continue;
      const session = await repository.getSession(key(i));
      expect(session?.events?.map((e) => [e.id, e.seq])).toEqual([[`g-${i}`, 1]]);
    }
    expect((await repository.getSession(key(3)))?.lastSeq).toBe(0);
    // A repeated id is recognized per session (idempotent retry), inside a shared-guard group.
    const again = await Promise.all(
      [0, 1, 2].map((i) =>
        repository.appendEvent(key(i), {
          id: `g-${i}`,
          author: "user",
          content: { text: `m${i}` },
        }),
      ),
    );
    expect(again.map((e) => e.seq)).toEqual([1, 1, 1]);
    expect(await repository.checkIntegrity()).toEqual({ ok: true, problems: [] });
  });

  it("a merged group stores exactly what the same appends store one by one (events, seqs, every state scope, search)", async () => {
    server = await startSqld();
    const repository = open(server.wsUrl);
    // The reference: the same calls, one at a time, on an embedded in-memory store.
    const reference = createLibsqlRepository({ url: ":memory:" });
    repositories.push(reference);
    const n = 40;
    for (let i = 0; i < n; i++) {
      await repository.createSession(key(i), { state: { start: i } });
      await reference.createSession(key(i), { state: { start: i } });
    }
    const deltaOf = (i: number, j: number): JsonObject | undefined => {
      if (j === 0 && i === 7) return { 'odd"key': true }; // not mergeable: this append goes alone
      if (j === 0 && i % 4 === 0) return { turn: i, "user:last": i };
      if (j === 0 && i % 5 === 1) return { "app:mode": `m${i}` };
      if (j === 1 && i % 6 === 2) return { "user:last": -i, gone: null };
      return undefined;
    };
    const calls = Array.from({ length: n }, (_, i) => {
      const events: NewEvent[] = Array.from({ length: 1 + (i % 3) }, (_, j) => {
        const stateDelta = deltaOf(i, j);
        return {
          id: `m-${i}-${j}`,
          author: j % 2 ? "model" : "user",
          content: { text: `call ${i} part ${j} ${i === 17 ? "needle" : "hay"}` },
          timestamp: 1_000 + i * 10 + j,
          ...(stateDelta ? { stateDelta } : {}),
        };
      });
      return { k: key(i), events };
    });
    const groups = await countGroups(repository);
    const stored = await Promise.all(calls.map((c) => repository.appendEvents(c.k, c.events)));
    for (const c of calls) await reference.appendEvents(c.k, c.events);
    expect(groups).toContain(5); // at least one merged request (the first call may go alone)
    expect(stored.map((events) => events.map((e) => e.seq))).toEqual(
      calls.map((c) => c.events.map((_, j) => j + 1)),
    );
    for (const c of calls) {
      const [got, want] = [await repository.readSnapshot(c.k), await reference.readSnapshot(c.k)];
      expect({ ...got, createdAt: 0, updatedAt: 0 }).toEqual({
        ...want,
        createdAt: 0,
        updatedAt: 0,
      });
    }
    expect(await repository.getUserState({ appName: "group", userId: "u" })).toEqual(
      await reference.getUserState({ appName: "group", userId: "u" }),
    );
    expect(await repository.getAppState({ appName: "group" })).toEqual(
      await reference.getAppState({ appName: "group" }),
    );
    const hits = await repository.searchEvents({ appName: "group", query: "needle" });
    expect(hits.map((h) => h.event.id).sort()).toEqual(["m-17-0", "m-17-1", "m-17-2"]);
    expect(await repository.checkIntegrity()).toEqual({ ok: true, problems: [] });
  });

  it("appends to one session in one group keep a guard each: of two expecting the same revision, one is STALE", async () => {
    server = await startSqld();
    const repository = open(server.wsUrl);
    await repository.createSession(key(0));
    await repository.createSession(key(1));
    const groups = await countGroups(repository);
    const outcomes = await Promise.allSettled([
      repository.appendEvent(key(0), { author: "user", content: "a" }, { expectedRevision: 1 }),
      repository.appendEvent(key(0), { author: "user", content: "b" }, { expectedRevision: 1 }),
      repository.appendEvent(key(1), { author: "user", content: "c" }),
    ]);
    expect(groups[0]).toBe(3); // no shared guard: each append its own batch with its guard
    const codes = outcomes.map((o) =>
      o.status === "rejected" ? (o.reason as { code: string }).code : "ok",
    );
    expect(codes).toEqual(["ok", "STALE", "ok"]);
    const session = await repository.getSession(key(0));
    expect(session?.events?.map((e) => e.content)).toEqual(["a"]);
    expect(session?.lastSeq).toBe(1);
  });

  it("a stalled server fails the group within the deadline; retries with the same ids store each event once", async () => {
    server = await startSqld();
    const repository = open(server.wsUrl, { requestTimeoutMs: 1500 });
    for (let i = 0; i < 8; i++) await repository.createSession(key(i));
    const events = Array.from({ length: 8 }, (_, i) => ({
      id: `stall-${i}`,
      author: "user",
      content: { text: `m${i}` },
    }));
    server.pause();
    const first = await Promise.allSettled(
      events.map((event, i) => repository.appendEvent(key(i), event)),
    );
    server.resume();
    for (const outcome of first) {
      if (outcome.status === "rejected") {
        expect(["BUSY", "IO"]).toContain((outcome.reason as { code?: string }).code);
      }
    }
    // The callers retry (same ids): whatever the lost answers were, each event is stored once.
    const again = await Promise.all(
      events.map((event, i) => repository.appendEvent(key(i), event)),
    );
    expect(again.map((e) => [e.id, e.seq])).toEqual(events.map((e) => [e.id, 1]));
    for (let i = 0; i < 8; i++) {
      expect((await repository.getSession(key(i)))?.lastSeq).toBe(1);
    }
  });

  it("a writer killed mid-group (http) leaves no transaction open: another writer goes on at once", async () => {
    // The WAL the README advises for several writer processes.
    server = await startSqld({ wal: "libsql-wal" });
    const setup = open(server.httpUrl);
    const shared = key(99);
    await setup.createSession(shared);
    // 16 concurrent callers in another process, killed at moments a group is in flight.
    for (const [trial, delayMs] of [0, 5, 11].entries()) {
      const child = new ChildRunner(childScript("crash-writer"), {
        openerModule: fileURLToPath(new URL("./opener.mjs", import.meta.url)),
        location: server.httpUrl,
        key: shared,
        from: (trial + 1) * 100_000,
        count: 50_000,
        callers: 16,
      });
      try {
        await child.waitForLine((l) => l === "ready", 60_000);
        const acks = () => child.lines.filter((l) => l.startsWith("ack ")).length;
        await child.waitForLine(() => acks() >= 40, 30_000);
        await new Promise((r) => setTimeout(r, delayMs));
      } finally {
        child.kill("SIGKILL");
      }
      await child.exited;
      // An interactive transaction left open would hold the server's write lock for its stream
      // timeout (~10 s); one request per group leaves nothing behind. A new connection (as after
      // an application restart) reads, checks and writes at once.
      const started = Date.now();
      const after = open(server.httpUrl);
      await after.readSnapshot(shared);
      expect(await after.checkIntegrity()).toEqual({ ok: true, problems: [] });
      await after.appendEvent(shared, { author: "user", content: { text: "after the crash" } });
      expect(Date.now() - started, `trial ${trial}`).toBeLessThan(3000);
      await after.close();
    }
  });
});
