import { join } from "node:path";
import type { SessionRepository } from "@sessionkit/core";
import { ISOLATED_AFTER_FAILURE } from "@sessionkit/sql";
import { observeRequests } from "@sessionkit/sql/driver";
import { createSqliteRepository } from "@sessionkit/sqlite";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { driverOf } from "./internals.js";
import { tempDir } from "./temp-dir.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A repository on a fresh file, with every write transaction the driver begins counted. */
async function counted(
  options: { groupCommit?: boolean; synchronous?: "full" } = {},
): Promise<{ repo: SessionRepository; writeTransactions: () => number }> {
  const t = tempDir();
  cleanups.push(t.remove);
  const repo = createSqliteRepository({ path: join(t.dir, "s.db"), ...options });
  let writes = 0;
  observeRequests(await driverOf(repo), (r) => {
    if (r.kind === "begin" && r.mode === "write") writes++;
  });
  return { repo, writeTransactions: () => writes };
}

const key = (i: number) => ({ appName: "app", userId: "u", sessionId: `s${i}` });
const event = (i: number) => ({ id: `e${i}`, author: "user", content: { text: `hello ${i}` } });

describe("group commit (sqlite)", () => {
  it("coalesces 64 concurrent appends into one transaction, each acknowledged", async () => {
    const { repo, writeTransactions } = await counted({ synchronous: "full" });
    for (let i = 0; i < 64; i++) await repo.createSession(key(i));
    const before = writeTransactions();
    const stored = await Promise.all(
      Array.from({ length: 64 }, (_, i) => repo.appendEvent(key(i), event(i))),
    );
    expect(writeTransactions() - before).toBe(1);
    expect(stored.map((e) => e.seq)).toEqual(stored.map(() => 1));
    for (let i = 0; i < 64; i++) {
      expect((await repo.getSession(key(i)))?.events?.map((e) => e.id)).toEqual([`e${i}`]);
    }
    await repo.close();
  });

  it("keeps a lone caller on one transaction per append", async () => {
    const { repo, writeTransactions } = await counted();
    await repo.createSession(key(0));
    const before = writeTransactions();
    for (let i = 0; i < 10; i++) await repo.appendEvent(key(0), event(i));
    expect(writeTransactions() - before).toBe(10);
    await repo.close();
  });

  it("runs one transaction per call with groupCommit: false", async () => {
    const { repo, writeTransactions } = await counted({ groupCommit: false });
    for (let i = 0; i < 8; i++) await repo.createSession(key(i));
    const before = writeTransactions();
    await Promise.all(Array.from({ length: 8 }, (_, i) => repo.appendEvent(key(i), event(i))));
    expect(writeTransactions() - before).toBe(8);
    await repo.close();
  });

  it("fails every call of a shared transaction that cannot start (BUSY, each naming its own session), writing nothing; retries then land once", async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const path = join(t.dir, "s.db");
    const repo = createSqliteRepository({ path, busyTimeoutMs: 50, retry: { retries: 0 } });
    for (let i = 0; i < 4; i++) await repo.createSession(key(i));
    // Another connection holds the write lock for the whole first attempt.
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    const first = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => repo.appendEvent(key(i), event(i))),
    );
    other.exec("ROLLBACK");
    other.close();
    first.forEach((outcome, i) => {
      expect(outcome.status).toBe("rejected");
      const error = (outcome as PromiseRejectedResult).reason as {
        code: string;
        operation: string;
        message: string;
      };
      expect(error.code).toBe("BUSY");
      expect(error.operation).toBe("appendEvent");
      expect(error.message).toContain(`s${i}`);
    });
    for (let i = 0; i < 4; i++) expect((await repo.getSession(key(i)))?.lastSeq).toBe(0);
    const again = await Promise.all(
      Array.from({ length: 4 }, (_, i) => repo.appendEvent(key(i), event(i))),
    );
    expect(again.map((e) => [e.id, e.seq])).toEqual(
      Array.from({ length: 4 }, (_, i) => [`e${i}`, 1]),
    );
    await repo.close();
  });

  it("takes no savepoint in a group whose appends all succeed", async () => {
    const { repo } = await counted();
    for (let i = 0; i < 64; i++) await repo.createSession(key(i));
    const statements: string[] = [];
    observeRequests(await driverOf(repo), (r) => {
      if (r.kind === "run" || r.kind === "get") statements.push(r.sql);
    });
    await Promise.all(Array.from({ length: 64 }, (_, i) => repo.appendEvent(key(i), event(i))));
    expect(statements.filter((sql) => /SAVEPOINT/i.test(sql))).toEqual([]);
    await repo.close();
  });

  it("rolls a group back whole when an append fails after writing, runs it again with a savepoint each: only that call fails, nothing of it stays; the next groups start isolated", async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const path = join(t.dir, "s.db");
    const repo = createSqliteRepository({ path });
    for (let i = 0; i < 8; i++) await repo.createSession(key(i));
    // A hostile trigger: the append's user-state write fails AFTER its event row was inserted.
    const other = new Database(path);
    other.exec(`CREATE TRIGGER poison BEFORE INSERT ON user_state WHEN NEW.key = 'poison'
      BEGIN SELECT RAISE(ABORT, 'poisoned key'); END`);
    other.close();
    const requests: Array<{ kind: string; sql?: string }> = [];
    observeRequests(await driverOf(repo), (r) =>
      requests.push({ kind: r.kind, sql: "sql" in r ? r.sql : undefined }),
    );
    const savepoints = () => requests.filter((r) => r.sql === "SAVEPOINT sessionkit_append");
    const writes = () => requests.filter((r) => r.kind === "begin");
    const settled = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        repo.appendEvent(key(i), {
          ...event(i),
          stateDelta: i === 3 ? { "user:poison": true, step: i } : { step: i },
        }),
      ),
    );
    expect(settled.map((s) => s.status)).toEqual(
      Array.from({ length: 8 }, (_, i) => (i === 3 ? "rejected" : "fulfilled")),
    );
    const error = (settled[3] as PromiseRejectedResult).reason as { operation: string };
    expect(error.operation).toBe("appendEvent");
    // The first run (no savepoint) was rolled back whole, the second took one per append.
    expect(writes()).toHaveLength(2);
    expect(requests.filter((r) => r.kind === "rollback")).toHaveLength(1);
    expect(savepoints()).toHaveLength(8);
    for (let i = 0; i < 8; i++) {
      const session = await repo.getSession(key(i));
      if (i === 3) {
        expect(session?.events, "nothing of the failed append").toEqual([]);
        expect(session?.state).toEqual({});
        expect(session?.revision).toBe(1);
      } else {
        expect(session?.events?.map((e) => [e.id, e.seq])).toEqual([[`e${i}`, 1]]);
        expect(session?.state).toEqual({ step: i });
      }
    }
    expect(await repo.getUserState({ appName: "app", userId: "u" })).toEqual({});
    // Failures cluster: the next groups take savepoints from the start, then no longer.
    const group = (n: number) =>
      Promise.all(
        [0, 1].map((i) =>
          repo.appendEvent(key(i), { id: `g${n}-${i}`, author: "user", content: { n } }),
        ),
      );
    for (let n = 0; n < ISOLATED_AFTER_FAILURE; n++) {
      const before = savepoints().length;
      await group(n);
      expect(savepoints().length - before, `group ${n} after the failure`).toBe(2);
    }
    const before = savepoints().length;
    await group(ISOLATED_AFTER_FAILURE);
    expect(savepoints().length - before).toBe(0);
    await repo.close();
  });

  it("refuses a groupCommit that is not a boolean, naming it", () => {
    expect(() =>
      createSqliteRepository({ path: ":memory:", groupCommit: "yes" as unknown as boolean }),
    ).toThrow(/options\.groupCommit/);
  });
});
