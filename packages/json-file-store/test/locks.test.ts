import type { ChildProcess } from "node:child_process";
import { mkdir, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import { isSessionKitError } from "@sessionkit/core";
import { createJsonFileRepository, type JsonFileRepository } from "@sessionkit/json-file-store";
import { StoreLayout } from "@sessionkit/json-file-store/format";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deadPid } from "./dead-pid.js";
import { holdLock, plantLock, sigkill } from "./lock-fixtures.js";
import { tempRoot } from "./temp-root.js";

let root: string;
let cleanup: () => Promise<void>;
let repo: JsonFileRepository;
let file: string;
let sessions: string;
const key = { appName: "app", userId: "u", sessionId: "s" };
const children: ChildProcess[] = [];

/** Opens the store with these lock settings (the default repo of a test has short ones). */
const open = (busyTimeoutMs: number, staleLockMs: number) =>
  createJsonFileRepository({ root, busyTimeoutMs, staleLockMs });

beforeEach(async () => {
  ({ root, cleanup } = await tempRoot());
  repo = await createJsonFileRepository({
    root,
    create: true,
    busyTimeoutMs: 300,
    staleLockMs: 2000,
  });
  await repo.createSession(key);
  file = new StoreLayout(root).sessionFile("app", "u", "s");
  sessions = new StoreLayout(root).sessionsDir("app", "u");
});
afterEach(async () => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
  await repo.close();
  await cleanup();
});

const appendTo = (r: JsonFileRepository, i: number) =>
  r.appendEvent(key, { id: `e${i}`, author: "user", content: i });
const append = (i: number) => appendTo(repo, i);
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

describe("cross-process locks (proper-lockfile)", () => {
  it("a lock held by a live process makes a write wait for it", async () => {
    const child = await holdLock(file, "adapter", 5000, children);
    const patient = await open(20_000, 5000);
    try {
      let settled = false;
      const write = appendTo(patient, 1).finally(() => {
        settled = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false); // still waiting for the child's lock
      child.stdin?.write("release\n");
      await write;
      expect((await repo.getSession(key))?.lastSeq).toBe(1);
    } finally {
      await patient.close();
    }
  });

  it("then fails with BUSY naming the file and the holder after busyTimeoutMs", async () => {
    const child = await holdLock(file, "adapter", 5000, children);
    const started = Date.now();
    const error = await errorOf(append(1));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290); // it waited busyTimeoutMs
    expect(isSessionKitError(error, "BUSY")).toBe(true);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain("within 300 ms");
    expect((error as Error).message).toContain(`held by pid ${child.pid}`);
    expect((await repo.getSession(key))?.lastSeq).toBe(0);
  });

  it("breaks the lock of a holder killed with SIGKILL at once (owner sidecar, same host)", async () => {
    const child = await holdLock(file, "adapter", 60_000, children);
    await sigkill(child);
    // staleLockMs is a minute: only the dead-owner proof can let this write through in time.
    const writer = await open(5000, 60_000);
    try {
      await appendTo(writer, 1);
    } finally {
      await writer.close();
    }
    expect((await repo.getSession(key))?.lastSeq).toBe(1);
    expect(await readdir(sessions)).toEqual(["s.json"]);
  });

  it("recovers a stale lock of a SIGKILLed child (proper-lockfile alone) after staleLockMs; the next write succeeds", async () => {
    const child = await holdLock(file, "plain", 2000, children);
    await sigkill(child);
    expect((await stat(`${file}.lock`)).isDirectory()).toBe(true);
    const writer = await open(10_000, 2000);
    try {
      await appendTo(writer, 1);
      await appendTo(writer, 2);
    } finally {
      await writer.close();
    }
    expect((await repo.getSession(key))?.lastSeq).toBe(2);
    expect(await readdir(sessions)).toEqual(["s.json"]);
  });

  it("breaks a planted lock whose sidecar names a dead pid of this host", async () => {
    await plantLock(file, deadPid());
    const writer = await open(5000, 60_000);
    try {
      await appendTo(writer, 1);
    } finally {
      await writer.close();
    }
    expect((await repo.getSession(key))?.lastSeq).toBe(1);
  });

  it("does not trust a sidecar written for another lock directory, nor one of another host", async () => {
    await plantLock(file, deadPid(), undefined, false);
    expect(isSessionKitError(await errorOf(append(1)), "BUSY")).toBe(true);
    await rm(`${file}.lock`, { recursive: true });
    await plantLock(file, deadPid(), "elsewhere");
    expect(isSessionKitError(await errorOf(append(1)), "BUSY")).toBe(true);
    // Once not refreshed for staleLockMs, any lock is broken.
    const past = new Date(Date.now() - 5_000);
    await utimes(`${file}.lock`, past, past);
    await append(1);
    expect((await repo.getSession(key))?.lastSeq).toBe(1);
    expect((await repo.checkIntegrity()).ok).toBe(true);
  });

  it("judges a lock without a (readable) sidecar by its age", async () => {
    await mkdir(`${file}.lock`);
    await writeFile(`${file}.lock.owner`, "");
    expect(isSessionKitError(await errorOf(append(1)), "BUSY")).toBe(true);
    const past = new Date(Date.now() - 5_000);
    await utimes(`${file}.lock`, past, past);
    await append(1);
    expect((await repo.getSession(key))?.lastSeq).toBe(1);
  });

  it("fails a write whose lock was taken over meanwhile with BUSY, writes nothing, leaves the other lock alone", async () => {
    const error = await errorOf(
      repo.transaction(async (tx) => {
        await tx.getSession(key); // locks the session file
        // Another process breaks the lock and takes it.
        await rm(`${file}.lock`, { recursive: true });
        await rm(`${file}.lock.owner`);
        await mkdir(`${file}.lock`);
        await tx.appendEvent(key, { author: "user", content: 1 });
      }),
    );
    expect(isSessionKitError(error, "BUSY")).toBe(true);
    expect((error as Error).message).toMatch(/lock on .*s\.json was lost/);
    expect((error as Error).message).toContain("was not written");
    expect((await stat(`${file}.lock`)).isDirectory()).toBe(true); // not released by the loser
    await rm(`${file}.lock`, { recursive: true });
    expect((await repo.getSession(key))?.lastSeq).toBe(0);
  });

  it("a lock that proper-lockfile reports compromised fails the write; nothing crashes", async () => {
    const error = await errorOf(
      repo.transaction(async (tx) => {
        await tx.getSession(key);
        await rm(`${file}.lock`, { recursive: true });
        // Its next refresh (every second) finds the directory gone: onCompromised, not a throw.
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        await tx.appendEvent(key, { author: "user", content: 1 });
      }),
    );
    expect(isSessionKitError(error, "BUSY")).toBe(true);
    expect((error as Error).message).toContain("compromised");
    expect((await repo.getSession(key))?.lastSeq).toBe(0);
    await append(1); // the file can be locked again
    expect((await repo.getSession(key))?.lastSeq).toBe(1);
  });

  it("refuses staleLockMs below proper-lockfile's 2 s minimum", async () => {
    const error = await errorOf(createJsonFileRepository({ root, staleLockMs: 1000 }));
    expect(isSessionKitError(error, "INVALID_ARGUMENT")).toBe(true);
  });

  it("queues concurrent writers of two repositories in one process without loss", async () => {
    const one = await createJsonFileRepository({ root });
    const two = await createJsonFileRepository({ root });
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 ? one : two).appendEvent(key, { author: "user", content: i }),
        ),
      );
      const snapshot = await repo.readSnapshot(key);
      expect(snapshot?.events.map((e) => e.seq)).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      expect(snapshot?.revision).toBe(41);
      expect(await readdir(sessions)).toEqual(["s.json"]);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
