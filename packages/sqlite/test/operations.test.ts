import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { SessionEvent } from "@sessionkit/core";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { rawHandle } from "./internals.js";
import { tempDir } from "./temp-dir.js";

const run = promisify(execFile);
const key = { appName: "app", userId: "u1", sessionId: "s1" };
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function dir(): string {
  const t = tempDir();
  cleanups.push(t.remove);
  return t.dir;
}

describe("backup, integrity, maintenance", () => {
  it("backs up online while writes continue; the copy opens and passes checkIntegrity", async () => {
    const base = dir();
    const repo = createSqliteRepository({ path: join(base, "live.db") });
    await repo.createSession(key);
    await repo.appendEvents(
      key,
      Array.from({ length: 500 }, (_, i) => ({ author: "u", content: { text: `m${i}` } })),
    );
    const writes = (async () => {
      for (let i = 0; i < 50; i++) await repo.appendEvent(key, { author: "u", content: i });
    })();
    const result = await repo.backup(join(base, "backups", "copy.db"));
    await writes;
    expect(result.bytes).toBeGreaterThan(0);
    const copy = createSqliteRepository({ path: result.destination });
    expect(await copy.checkIntegrity()).toEqual({ ok: true, problems: [] });
    const session = await copy.getSession(key, { recentEvents: 0 });
    expect(session?.lastSeq).toBeGreaterThanOrEqual(500);
    expect((await copy.searchEvents({ appName: "app", query: "m42" })).length).toBe(1);
    await copy.close();
    await repo.close();
  });

  it("reports a damaged seq sequence and a foreign-key orphan without throwing", async () => {
    const repo = createSqliteRepository({ path: join(dir(), "bad.db") });
    await repo.createSession(key);
    await repo.appendEvents(key, [
      { author: "u", content: 1 },
      { author: "u", content: 2 },
    ]);
    const db = await rawHandle(repo);
    db.exec("UPDATE sessions SET last_seq = 5");
    db.pragma("foreign_keys = OFF");
    db.exec(
      "INSERT INTO events (session_pk, seq, event_id, author, content, timestamp) VALUES (999, 1, 'orphan', 'x', '1', 0)",
    );
    db.pragma("foreign_keys = ON");
    const report = await repo.checkIntegrity();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.kind).sort()).toEqual(["foreign-key", "seq-gap"]);
    await repo.close();
  });

  it("stats counts rows and bytes (database and WAL); maintain checkpoints, vacuums, optimizes", async () => {
    const repo = createSqliteRepository({ path: join(dir(), "m.db") });
    await repo.createSession(key, { state: { a: 1, "app:b": 2, "user:c": 3 } });
    await repo.appendEvent(key, { author: "u", content: "x" });
    const stats = await repo.stats();
    expect(stats).toMatchObject({ sessions: 1, activeSessions: 1, events: 1, stateKeys: 3 });
    expect(stats.details.walBytes).toBeGreaterThan(0);
    expect(stats.bytesOnDisk).toBe(
      (stats.details.databaseBytes ?? 0) + (stats.details.walBytes ?? 0),
    );
    const result = await repo.maintain();
    expect(result.performed).toEqual(["analyze", "vacuum", "checkpoint"]);
    expect((await repo.stats()).details.walBytes).toBe(0);
    await repo.close();
  });
});

describe("full-text option", () => {
  it("keeps the index in the file: off → scan search; on again → index rebuilt", async () => {
    const path = join(dir(), "fts.db");
    const off = createSqliteRepository({ path, fullTextSearch: false });
    expect(off.capabilities.search).toBe("scan");
    await off.createSession(key);
    await off.appendEvent(key, { author: "u", content: { text: "the quick brown fox" } });
    expect((await off.searchEvents({ appName: "app", query: "quick fox" })).length).toBe(1);
    const db = await rawHandle(off);
    expect(db.prepare("SELECT count(*) AS n FROM events_fts").get()).toEqual({ n: 0 });
    await off.close();
    const on = createSqliteRepository({ path });
    expect(on.capabilities.search).toBe("fulltext");
    const hits = await on.searchEvents({ appName: "app", query: "QUICK fox" });
    expect(hits.map((h) => h.snippet)).toEqual(["the [quick] brown [fox]"]);
    await on.appendEvent(key, { author: "u", content: { parts: ["a lazy dog", { x: "fox" }] } });
    expect((await on.searchEvents({ appName: "app", query: "fox" })).length).toBe(2);
    await on.deleteSession(key);
    expect((await rawHandle(on)).prepare("SELECT count(*) AS n FROM events_fts").get()).toEqual({
      n: 0,
    });
    await on.close();
  });
});

describe("cross-process watch", () => {
  it("delivers another process's appends through PRAGMA data_version polling", async () => {
    const path = join(dir(), "watch.db");
    const repo = createSqliteRepository({ path, watchIntervalMs: 20 });
    await repo.createSession(key);
    const seen: SessionEvent[] = [];
    const controller = new AbortController();
    const watching = (async () => {
      for await (const e of repo.watch(key, { signal: controller.signal })) {
        seen.push(e);
        if (seen.length === 3) controller.abort();
      }
    })();
    const child = fileURLToPath(new URL("./append-child.mjs", import.meta.url));
    await run(process.execPath, [child, path, "3"]);
    await watching;
    expect(seen.map((e) => [e.seq, e.id])).toEqual([
      [1, "child-0"],
      [2, "child-1"],
      [3, "child-2"],
    ]);
    await repo.close();
  });
});

describe("transactions", () => {
  it("rejects a call on the repository from inside its own transaction instead of waiting forever", async () => {
    const repo = createSqliteRepository({ path: ":memory:" });
    await repo.createSession(key);
    await expect(
      repo.transaction(async (tx) => {
        await tx.appendEvent(key, { author: "u", content: 1 });
        await repo.appendEvent(key, { author: "u", content: 2 });
      }),
    ).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect((await repo.getSession(key))?.lastSeq).toBe(0);
    await repo.close();
  });

  it("makes other callers wait until the transaction ends, without landing inside it", async () => {
    const repo = createSqliteRepository({ path: ":memory:" });
    await repo.createSession(key);
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const transaction = repo.transaction(async (tx) => {
      await tx.appendEvent(key, { id: "in", author: "u", content: 1 });
      entered();
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error("roll back");
    });
    await inside;
    const outside = repo.appendEvent(key, { id: "out", author: "u", content: 2 });
    await expect(transaction).rejects.toThrow("roll back");
    expect(await outside).toMatchObject({ id: "out", seq: 1 });
    const session = await repo.getSession(key);
    expect(session?.events?.map((e) => [e.seq, e.id])).toEqual([[1, "out"]]);
    await repo.close();
  });
});
