import { execFile, spawn } from "node:child_process";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { isSessionKitError } from "@sessionkit/core";
import { createSqliteRepository, openFromUrl } from "@sessionkit/sqlite";
import { openConnectionCount } from "@sessionkit/sqlite/internal";
import Database from "better-sqlite3";
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

describe("connection sharing and lifecycle", () => {
  it("opens lazily and creates parent directories", async () => {
    const path = join(dir(), "a", "b", "c", "sessions.db");
    const repo = createSqliteRepository({ path });
    expect(existsSync(path)).toBe(false);
    await repo.createSession(key);
    expect(existsSync(path)).toBe(true);
    await repo.close();
  });

  it("fails with IO naming the directory when it cannot be created", async () => {
    const base = dir();
    writeFileSync(join(base, "file"), "x");
    const repo = createSqliteRepository({ path: join(base, "file", "sub", "sessions.db") });
    const error = await repo.createSession(key).catch((e: unknown) => e);
    expect(isSessionKitError(error, "IO")).toBe(true);
    expect((error as Error).message).toContain(join(base, "file", "sub"));
    await repo.close();
  });

  it("shares one connection per file, reference counted; the last close checkpoints and closes", async () => {
    const path = join(dir(), "shared.db");
    const before = openConnectionCount();
    const a = createSqliteRepository({ path });
    const b = createSqliteRepository({ path: join(path, "..", "shared.db") });
    expect(openConnectionCount()).toBe(before + 1);
    await a.createSession(key);
    expect(await rawHandle(a)).toBe(await rawHandle(b));
    await a.close();
    expect(openConnectionCount()).toBe(before + 1);
    expect((await b.getSession(key))?.id).toBe("s1");
    await expect(a.getSession(key)).rejects.toMatchObject({ code: "CLOSED" });
    const db = await rawHandle(b);
    await b.close();
    expect(openConnectionCount()).toBe(before);
    expect(db.open).toBe(false);
    expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
  });

  it("refuses connection options that differ from the repositories already sharing the file", async () => {
    const path = join(dir(), "shared.db");
    const a = createSqliteRepository({ path });
    expect(() => createSqliteRepository({ path, synchronous: "FULL" })).toThrow(/synchronous/);
    await a.close();
  });

  it('gives every ":memory:" repository its own database', async () => {
    const a = createSqliteRepository({ path: ":memory:" });
    const b = createSqliteRepository({ path: ":memory:" });
    await a.createSession(key);
    expect(await b.getSession(key)).toBeNull();
    await a.close();
    await b.close();
  });

  it("sets WAL, foreign keys, synchronous NORMAL by default and FULL on request", async () => {
    const base = dir();
    const normal = createSqliteRepository({ path: join(base, "n.db") });
    const db = await rawHandle(normal);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.pragma("synchronous", { simple: true })).toBe(1);
    await normal.close();
    const full = createSqliteRepository({ path: join(base, "f.db"), synchronous: "FULL" });
    expect((await rawHandle(full)).pragma("synchronous", { simple: true })).toBe(2);
    await full.close();
  });

  it("reopens after its handle was closed underneath it", async () => {
    const repo = createSqliteRepository({ path: join(dir(), "re.db") });
    await repo.createSession(key);
    (await rawHandle(repo)).close();
    expect((await repo.health()).ok).toBe(true);
    expect((await repo.getSession(key))?.id).toBe("s1");
    await repo.close();
  });

  it("two processes opening a fresh file at the same moment both succeed", async () => {
    const path = join(dir(), "race.db");
    const child = fileURLToPath(new URL("./open-race-child.mjs", import.meta.url));
    const startAt = String(Date.now() + 1500);
    const results = await Promise.all(
      ["p1", "p2", "p3"].map((name) => run(process.execPath, [child, path, startAt, name])),
    );
    expect(results.map((r) => r.stdout.trim())).toEqual(["ok", "ok", "ok"]);
    const repo = createSqliteRepository({ path });
    const page = await repo.listSessions({ appName: "race", status: "all" });
    expect(page.sessions.map((s) => s.userId).sort()).toEqual(["p1", "p2", "p3"]);
    expect((await repo.checkIntegrity()).ok).toBe(true);
    await repo.close();
  });

  it("opens a fresh file whose write lock another process holds: waits, never BUSY at once", async () => {
    // Switching a file that is not yet in WAL mode to WAL fails with SQLITE_BUSY at once while
    // another connection holds its write lock (SQLite does not call the busy handler there): the
    // open is retried until the busy timeout.
    const path = join(dir(), "held.db");
    const script = `
      const db = new (require("better-sqlite3"))(${JSON.stringify(path)});
      db.exec("BEGIN IMMEDIATE");
      console.log("locked");
      setTimeout(() => { db.exec("COMMIT"); db.close(); }, 300);`;
    const holder = spawn(process.execPath, ["-e", script], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise((resolve) => holder.on("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on("data", (d: Buffer) => d.toString().includes("locked") && resolve());
      holder.on("exit", (code) => reject(new Error(`lock holder exited early (${code})`)));
    });
    const started = Date.now();
    const repo = createSqliteRepository({ path, busyTimeoutMs: 5000 });
    await repo.createSession(key);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((await repo.appendEvent(key, { author: "u", content: "x" })).seq).toBe(1);
    expect(await exited).toBe(0);
    await repo.close();
  });

  it("turns a lock held past the timeout into BUSY, with the driver error as cause", async () => {
    const path = join(dir(), "busy.db");
    const repo = createSqliteRepository({
      path,
      busyTimeoutMs: 20,
      retry: { retries: 2, baseDelayMs: 5 },
    });
    await repo.createSession(key);
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    const error = (await repo.appendEvent(key, { author: "u", content: "x" }).then(
      () => null,
      (e: unknown) => e,
    )) as Error & { code: string; cause: { code: string } };
    other.exec("ROLLBACK");
    other.close();
    expect(error).toMatchObject({ code: "BUSY" });
    expect(error.cause.code).toMatch(/^SQLITE_BUSY/);
    expect((await repo.appendEvent(key, { author: "u", content: "x" })).seq).toBe(1);
    await repo.close();
  });

  it("opens from sqlite: URLs", async () => {
    const memory = await openFromUrl("sqlite::memory:");
    expect(memory.capabilities.persistent).toBe(false);
    await memory.close();
    const path = join(dir(), "url.db");
    const file = await openFromUrl(`sqlite:${path}`, { synchronous: "FULL" });
    await file.createSession(key);
    await file.close();
    expect(existsSync(path)).toBe(true);
    await expect(openFromUrl("postgres://x")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(openFromUrl(`sqlite:${path}`, { bogus: 1 })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
  });
});
