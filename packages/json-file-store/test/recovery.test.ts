import type { ChildProcess } from "node:child_process";
import { mkdir, readdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createJsonFileRepository, type JsonFileRepository } from "@sessionkit/json-file-store";
import { StoreLayout } from "@sessionkit/json-file-store/format";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { deadPid } from "./dead-pid.js";
import { holdLock, plantLock, sigkill, treeFingerprint } from "./lock-fixtures.js";
import { tempRoot } from "./temp-root.js";

let root: string;
let cleanup: () => Promise<void>;
let repo: JsonFileRepository;
let layout: StoreLayout;
let sessions: string;
const key = { appName: "app", userId: "u", sessionId: "s" };
const other = { appName: "app", userId: "u", sessionId: "t" };
const children: ChildProcess[] = [];

beforeEach(async () => {
  ({ root, cleanup } = await tempRoot());
  repo = await createJsonFileRepository({ root, create: true, staleLockMs: 2000 });
  layout = new StoreLayout(root);
  sessions = layout.sessionsDir("app", "u");
  await repo.createSession(key, { state: { "app:a": 1 } });
  await repo.createSession(other);
  await repo.appendEvent(key, { author: "user", content: "x" });
});
afterEach(async () => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
  await repo.close();
  await cleanup();
});

const hourAgo = () => new Date(Date.now() - 3_600_000);

/** Leftovers as crashed writers leave them, plus a live lock, an unknown file and damage. */
async function plantLeftovers() {
  const dead = deadPid();
  const s = layout.sessionFile("app", "u", "s");
  const t = layout.sessionFile("app", "u", "t");
  const app = layout.appStateFile("app");
  const files = {
    deadTemp: `${s}.tmp-${dead}-0123abcd`,
    deadLock: `${s}.lock`,
    deadOwner: `${s}.lock.owner`,
    staleLock: `${app}.lock`,
    oldTemp: `${t}.tmp-${process.pid}-89abcdef`,
    orphanOwner: join(root, "meta.json.lock.owner"),
    unknown: join(root, "apps", "notes.txt"),
  };
  await writeFile(files.deadTemp, '{"half":');
  await plantLock(s, dead); // a holder of this host that died (SIGKILL) holding the lock
  await mkdir(files.staleLock); // a lock of another host, not refreshed for an hour
  await utimes(files.staleLock, hourAgo(), hourAgo());
  await writeFile(files.oldTemp, "{}");
  await utimes(files.oldTemp, hourAgo(), hourAgo());
  await writeFile(
    files.orphanOwner,
    JSON.stringify({ pid: dead, host: "h", token: "x", dev: 1, ino: 1, birthtimeMs: 1 }),
  );
  await mkdir(join(root, "apps", "Not An Encoding"));
  await writeFile(files.unknown, "hi");
  return files;
}

describe("crash recovery", () => {
  it("checkIntegrity reports leftovers and changes nothing (tree byte for byte identical)", async () => {
    const files = await plantLeftovers();
    await writeFile(layout.userStateFile("app", "u"), '{"b":'); // damage too
    const before = await treeFingerprint(root);
    const report = await repo.checkIntegrity();
    expect(await treeFingerprint(root)).toEqual(before);
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.kind, p.subject]).sort()).toEqual(
      [
        ["orphaned-temp-file", files.deadTemp],
        ["orphaned-temp-file", files.oldTemp],
        ["stale-lock", files.deadLock],
        ["stale-lock", files.deadOwner],
        ["stale-lock", files.staleLock],
        ["stale-lock", files.orphanOwner],
        ["unknown-file", files.unknown],
        ["corrupt-file", layout.userStateFile("app", "u")],
      ].sort(),
    );
    const deadLock = report.problems.find((p) => p.subject === files.deadLock);
    expect(deadLock?.message).toMatch(/pid \d+ of this host, is no longer running/);
    expect(deadLock?.message).toContain("reopening the store or maintain() removes it");
    // Twice, same answer: the first check repaired nothing.
    const again = await repo.checkIntegrity();
    expect(again.problems.map((p) => [p.kind, p.subject])).toEqual(
      report.problems.map((p) => [p.kind, p.subject]),
    );
  });

  it("opening the store removes leftovers of dead writers and stale locks, nothing in use", async () => {
    const files = await plantLeftovers();
    // A live holder's lock and a temp file beside it (its write in flight) must survive.
    const live = await holdLock(layout.userStateFile("app", "u"), "adapter", 60_000, children);
    const liveTemp = `${layout.userStateFile("app", "u")}.tmp-${live.pid}-0badcafe`;
    await writeFile(liveTemp, "{}");
    const reopened = await createJsonFileRepository({ root, staleLockMs: 2000 });
    try {
      expect((await readdir(sessions)).sort()).toEqual(["s.json", "t.json"]);
      expect((await readdir(root)).sort()).toEqual(["apps", "sessionkit.json"]);
      expect((await readdir(layout.appDir("app"))).sort()).toEqual(["app-state.json", "users"]);
      expect((await readdir(layout.userDir("app", "u"))).sort()).toEqual(
        [
          "sessions",
          "user-state.json.lock",
          "user-state.json.lock.owner",
          `user-state.json.tmp-${live.pid}-0badcafe`,
        ].sort(),
      );
      expect((await reopened.checkIntegrity()).problems.map((p) => p.kind)).toEqual([
        "unknown-file",
      ]);
      expect((await reopened.getSession(key))?.lastSeq).toBe(1);
      expect(files.unknown).toContain("notes.txt");
    } finally {
      await reopened.close();
    }
  });

  it("a lock of a SIGKILLed writer: reopening removes it and the next write succeeds", async () => {
    const s = layout.sessionFile("app", "u", "s");
    const child = await holdLock(s, "adapter", 60_000, children);
    await writeFile(`${s}.tmp-${child.pid}-00c0ffee`, '{"torn');
    await sigkill(child);
    const before = await treeFingerprint(root);
    expect((await repo.checkIntegrity()).problems.map((p) => p.kind).sort()).toEqual([
      "orphaned-temp-file",
      "stale-lock",
      "stale-lock",
    ]);
    expect(await treeFingerprint(root)).toEqual(before);
    const reopened = await createJsonFileRepository({
      root,
      staleLockMs: 60_000,
      busyTimeoutMs: 300,
    });
    try {
      expect(await readdir(sessions)).toEqual(["s.json", "t.json"]);
      expect(await reopened.checkIntegrity()).toEqual({ ok: true, problems: [] });
      await reopened.appendEvent(key, { author: "user", content: "after" });
      expect((await reopened.getSession(key))?.lastSeq).toBe(2);
    } finally {
      await reopened.close();
    }
  });

  it("maintain() removes the same leftovers and reports what it did", async () => {
    await plantLeftovers();
    const result = await repo.maintain();
    expect(result.performed).toEqual([
      "removed 2 orphaned temp file(s)",
      "removed 3 stale lock(s)",
    ]);
    expect(result.bytesAfter).toBeLessThan(result.bytesBefore);
    expect((await repo.checkIntegrity()).problems.map((p) => p.kind)).toEqual(["unknown-file"]);
    expect((await repo.getSession(key))?.lastSeq).toBe(1);
    expect((await repo.maintain()).performed).toEqual([]);
  });
});
