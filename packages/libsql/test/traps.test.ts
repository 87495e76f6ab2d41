import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { isSessionKitError, type SessionRepository } from "@sessionkit/core";
import { convertLibsqlError, createLibsqlRepository } from "@sessionkit/libsql";
import { afterEach, describe, expect, it } from "vitest";
import { type SqldServer, startSqld } from "./support/sqld-server.js";
import { useTempDirs } from "./support/temp-dir.js";

const require = createRequire(import.meta.url);
// The same native library @libsql/client wraps: a second connection from "another program".
const Database = require("libsql") as typeof import("libsql");

const key = { appName: "app", userId: "u", sessionId: "s" };
const ctx = { adapter: "libsql", operation: "test" };

/**
 * Another process takes the write lock (BEGIN IMMEDIATE), keeps it `ms`, then commits. Resolves
 * (with a promise of its exit) once the lock is held.
 */
async function holdWriteLock(file: string, ms: number): Promise<{ exited: Promise<void> }> {
  const script = `
    const Database = require("libsql");
    const db = new Database(${JSON.stringify(file)});
    db.exec("BEGIN IMMEDIATE");
    console.log("locked");
    setTimeout(() => { db.exec("COMMIT"); db.close(); }, ${ms});
  `;
  const child = spawn(process.execPath, ["-e", script], {
    cwd: join(import.meta.dirname, ".."),
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      if (d.toString().includes("locked")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
  return { exited: new Promise((resolve) => child.on("exit", () => resolve())) };
}

describe("libSQL traps the adapter handles", () => {
  const tempDir = useTempDirs();
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  const track = <T extends SessionRepository>(repo: T): T => {
    cleanup.push(() => repo.close());
    return repo;
  };
  const server = async (): Promise<SqldServer> => {
    const s = await startSqld();
    cleanup.push(() => s.stop());
    return s;
  };

  for (const embeddedDriver of ["native", "client"] as const) {
    describe(`embedded, ${embeddedDriver} driver`, () => {
      it("waits for another process's write lock (busy timeout) instead of failing at once", async () => {
        const file = join(await tempDir(), "busy.db");
        const repo = track(
          createLibsqlRepository({ url: `file:${file}`, embeddedDriver, busyTimeoutMs: 5000 }),
        );
        await repo.createSession(key);
        const holder = await holdWriteLock(file, 300);
        // The lock is held when the append starts: it must wait, not fail with SQLITE_BUSY.
        const event = await repo.appendEvent(key, { author: "user", content: "after the lock" });
        expect(event.seq).toBe(1);
        await holder.exited;
      });

      it("opens a fresh file whose write lock another process holds: waits, never BUSY at once", async () => {
        // A file not yet in WAL mode, write-locked by another process: switching it to
        // WAL fails with SQLITE_BUSY at once, without SQLite calling the busy handler (several
        // processes opening one fresh store met this in CI). The open is retried until the busy
        // timeout instead.
        const file = join(await tempDir(), "fresh.db");
        const holder = await holdWriteLock(file, 300);
        const started = Date.now();
        const repo = track(
          createLibsqlRepository({ url: `file:${file}`, embeddedDriver, busyTimeoutMs: 5000 }),
        );
        await repo.createSession(key);
        expect(Date.now() - started).toBeGreaterThanOrEqual(250);
        expect((await repo.appendEvent(key, { author: "user", content: "x" })).seq).toBe(1);
        await holder.exited;
        expect((await repo.checkIntegrity()).ok).toBe(true);
      });

      it("opening gives up with a BUSY naming the file when the lock outlasts the timeout", async () => {
        const file = join(await tempDir(), "fresh2.db");
        const holder = await holdWriteLock(file, 1500);
        const repo = track(
          createLibsqlRepository({ url: `file:${file}`, embeddedDriver, busyTimeoutMs: 200 }),
        );
        const error = await repo.createSession(key).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toMatchObject({ code: "BUSY", operation: "open", subject: file });
        await holder.exited;
        await repo.createSession(key);
      });

      it("gives up with BUSY (after its retries) when the lock outlasts the timeout", async () => {
        const file = join(await tempDir(), "busy2.db");
        const repo = track(
          createLibsqlRepository({
            url: `file:${file}`,
            embeddedDriver,
            busyTimeoutMs: 20,
            busyRetries: 2,
          }),
        );
        await repo.createSession(key);
        const other = new Database(file);
        cleanup.push(() => void other.close());
        other.exec("BEGIN IMMEDIATE");
        try {
          const error = await repo.appendEvent(key, { author: "user", content: "x" }).then(
            () => null,
            (e: unknown) => e,
          );
          expect(isSessionKitError(error, "BUSY"), String(error)).toBe(true);
          expect((error as Error).cause).toBeDefined();
        } finally {
          other.exec("ROLLBACK");
        }
        // Nothing was half-written and the repository still works.
        expect((await repo.appendEvent(key, { author: "user", content: "y" })).seq).toBe(1);
      });

      it("serializes concurrent writes and transactions on one repository: no SQLITE_BUSY, gapless seqs", async () => {
        const file = join(await tempDir(), "concurrent.db");
        const repo = track(createLibsqlRepository({ url: `file:${file}`, embeddedDriver }));
        await repo.createSession(key);
        const writes: Promise<unknown>[] = [];
        for (let i = 0; i < 40; i++) {
          writes.push(repo.appendEvent(key, { author: "user", content: i }));
          if (i % 8 === 0) {
            writes.push(
              repo.transaction(async (tx) => {
                await tx.appendEvent(key, { author: "tx", content: `a${i}` });
                await new Promise((resolve) => setTimeout(resolve, 2));
                await tx.appendEvent(key, { author: "tx", content: `b${i}` });
              }),
            );
          }
        }
        await Promise.all(writes);
        const session = await repo.getSession(key);
        expect(session?.events?.map((e) => e.seq)).toEqual(
          Array.from({ length: 50 }, (_, i) => i + 1),
        );
        // Each transaction's two events are adjacent: nothing leaked into an open transaction.
        const contents = session?.events?.map((e) => e.content) ?? [];
        for (let i = 0; i < 40; i += 8) {
          const a = contents.indexOf(`a${i}`);
          expect(contents[a + 1]).toBe(`b${i}`);
        }
      });

      it(":memory: keeps its data through transaction()", async () => {
        const repo = track(createLibsqlRepository({ url: ":memory:", embeddedDriver }));
        await repo.createSession(key, { state: { before: true } });
        await repo.transaction(async (tx) => {
          await tx.appendEvent(key, {
            author: "user",
            content: "inside",
            stateDelta: { inside: 1 },
          });
          expect((await tx.getSession(key))?.lastSeq).toBe(1);
        });
        const session = await repo.getSession(key);
        expect(session?.state).toEqual({ before: true, inside: 1 });
        expect(session?.events?.map((e) => e.content)).toEqual(["inside"]);
      });

      it("rolls back a transaction interrupted by an error and releases the write lock", async () => {
        const file = join(await tempDir(), "rollback.db");
        const repo = track(createLibsqlRepository({ url: `file:${file}`, embeddedDriver }));
        await repo.createSession(key);
        const boom = new Error("boom");
        await expect(
          repo.transaction(async (tx) => {
            await tx.appendEvent(key, { author: "user", content: "lost" });
            throw boom;
          }),
        ).rejects.toBe(boom);
        // Another connection gets the write lock at once (no busy timeout at all).
        const other = new Database(file, { timeout: 0 });
        cleanup.push(() => void other.close());
        other.exec("BEGIN IMMEDIATE");
        other.exec("ROLLBACK");
        expect((await repo.getSession(key))?.lastSeq).toBe(0);
      });
    });
  }

  it("remote: a transaction interrupted by an error is rolled back and other clients can write", async () => {
    const s = await server();
    const repo = track(createLibsqlRepository({ url: s.httpUrl }));
    await repo.createSession(key);
    await expect(
      repo.transaction(async (tx) => {
        await tx.appendEvent(key, { author: "user", content: "lost" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const other = track(createLibsqlRepository({ url: s.wsUrl }));
    expect((await other.appendEvent(key, { author: "user", content: "kept" })).seq).toBe(1);
    expect((await repo.getSession(key))?.events?.map((e) => e.content)).toEqual(["kept"]);
  });

  it("close() closes the ws:// client: a process that used one exits on its own", async () => {
    const s = await server();
    const script = `
      const { createLibsqlRepository } = await import("@sessionkit/libsql");
      const a = createLibsqlRepository({ url: ${JSON.stringify(s.wsUrl)} });
      const b = createLibsqlRepository({ url: ${JSON.stringify(s.wsUrl)} });
      await a.createSession({ appName: "a", userId: "u", sessionId: "x" });
      await b.getSession({ appName: "a", userId: "u", sessionId: "x" });
      await a.close();
      await b.close();
      console.log("closed");
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: join(import.meta.dirname, ".."),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const exited = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve(null);
      }, 10_000);
      child.on("exit", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    expect(exited, out).toBe(0);
    expect(out).toContain("closed");
  });

  it("converts constraint errors the same way with or without extended codes (remote sends none)", async () => {
    const s = await server();
    const remote = createClient({ url: s.httpUrl });
    cleanup.push(() => remote.close());
    await remote.execute("CREATE TABLE t (id TEXT PRIMARY KEY)");
    await remote.execute("INSERT INTO t VALUES ('a')");
    const remoteError = await remote.execute("INSERT INTO t VALUES ('a')").then(
      () => null,
      (e: unknown) => e,
    );
    expect((remoteError as { extendedCode?: unknown }).extendedCode).toBeUndefined();
    const local = new Database(":memory:");
    cleanup.push(() => void local.close());
    local.exec("CREATE TABLE t (id TEXT PRIMARY KEY); INSERT INTO t VALUES ('a')");
    let embeddedError: unknown;
    try {
      local.prepare("INSERT INTO t VALUES ('a')").run();
    } catch (error) {
      embeddedError = error;
    }
    expect((embeddedError as { code?: unknown }).code).toBe("SQLITE_CONSTRAINT_PRIMARYKEY");
    const fromRemote = convertLibsqlError(remoteError, ctx, "remote");
    const fromEmbedded = convertLibsqlError(embeddedError, ctx, "embedded");
    expect(fromRemote.code).toBe(fromEmbedded.code);
    expect(fromRemote.cause).toBe(remoteError);
    expect(fromEmbedded.cause).toBe(embeddedError);
  });

  it("names an unreachable server as IO with what to check", async () => {
    const s = await server();
    const url = s.httpUrl;
    await s.stop();
    const repo = track(createLibsqlRepository({ url }));
    const error = await repo.getSession(key).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isSessionKitError(error, "IO"), String(error)).toBe(true);
    expect(String(error)).toContain(url);
  });
});
