import { type ChildProcess, spawn } from "node:child_process";
import { utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { isSessionKitError } from "@sessionkit/core";
import {
  createJsonFileRepository,
  type JsonFileRepository,
  StoreLayout,
} from "@sessionkit/json-file-store";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deadPid } from "./dead-pid.js";
import { tempRoot } from "./temp-root.js";

let root: string;
let cleanup: () => Promise<void>;
let repo: JsonFileRepository;
let file: string;
const key = { appName: "app", userId: "u", sessionId: "s" };
const children: ChildProcess[] = [];

beforeEach(async () => {
  ({ root, cleanup } = await tempRoot());
  repo = await createJsonFileRepository({
    root,
    create: true,
    busyTimeoutMs: 300,
    staleLockMs: 1000,
  });
  await repo.createSession(key);
  file = new StoreLayout(root).sessionFile("app", "u", "s");
});
afterEach(async () => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
  await repo.close();
  await cleanup();
});

function holdLock(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [
    new URL("./hold-lock-child.mjs", import.meta.url).pathname,
    file,
  ]);
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("locked")) resolve(child);
    });
    child.on("error", reject);
  });
}

const append = (i: number) => repo.appendEvent(key, { id: `e${i}`, author: "user", content: i });

describe("cross-process locks", () => {
  it("waits for a lock held by a live process, then fails with BUSY naming the file", async () => {
    await holdLock();
    const error = await append(1).catch((e: unknown) => e);
    expect(isSessionKitError(error, "BUSY")).toBe(true);
    expect((error as Error).message).toContain(file);
    expect((await repo.getSession(key))?.lastSeq).toBe(0);
  });

  it("breaks the lock of a process killed with SIGKILL at once", async () => {
    const child = await holdLock();
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const started = Date.now();
    await append(1);
    expect(Date.now() - started).toBeLessThan(1000); // well under staleLockMs + busyTimeoutMs
    expect((await repo.getSession(key))?.lastSeq).toBe(1);
  });

  it("breaks a lock of a dead pid left in the file", async () => {
    await writeFile(
      `${file}.lock`,
      JSON.stringify({ pid: deadPid(), host: hostname(), token: "t" }),
    );
    await append(1);
    expect((await repo.getSession(key))?.lastSeq).toBe(1);
  });

  it("respects a fresh lock from another host, and breaks it once stale", async () => {
    await writeFile(`${file}.lock`, JSON.stringify({ pid: 1, host: "elsewhere", token: "t" }));
    expect(isSessionKitError(await append(1).catch((e: unknown) => e), "BUSY")).toBe(true);
    const past = new Date(Date.now() - 5_000);
    await utimes(`${file}.lock`, past, past);
    await append(1);
    expect((await repo.getSession(key))?.lastSeq).toBe(1);
    expect((await repo.checkIntegrity()).ok).toBe(true);
  });

  it("treats an unreadable (half-written) lock by its age", async () => {
    await writeFile(`${file}.lock`, "");
    expect(isSessionKitError(await append(1).catch((e: unknown) => e), "BUSY")).toBe(true);
    const past = new Date(Date.now() - 5_000);
    await utimes(`${file}.lock`, past, past);
    await append(1);
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
    } finally {
      await one.close();
      await two.close();
    }
  });
});
