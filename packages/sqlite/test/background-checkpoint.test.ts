import { join } from "node:path";
import { waitFor, walBytes } from "@sessionkit/conformance";
import { BackgroundCheckpointer } from "@sessionkit/sql/checkpoint";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { workerScript } from "../src/worker-script.js";
import { rawHandle } from "./internals.js";
import { tempDir } from "./temp-dir.js";

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const key = (i: number) => ({ appName: "app", userId: "u", sessionId: `s${i}` });
const text = "x".repeat(300);

describe("background WAL checkpoints (sqlite)", () => {
  it("raises the writer's checkpoint threshold once the worker runs, and the WAL stays bounded", async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const path = join(t.dir, "s.db");
    const repo = createSqliteRepository({ path });
    const db = await rawHandle(repo);
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    for (let i = 0; i < 100; i++) await repo.createSession(key(i), {});
    await waitFor(() => db.pragma("wal_autocheckpoint", { simple: true }) === 4000);
    // 4,000 appends write some 50,000 WAL frames: the WAL starts over at about 4,000 (the
    // writer's checkpoint after the worker's passes copies what is left).
    let peakWal = 0;
    for (let i = 0; i < 4000; i++) {
      await repo.appendEvent(key(i % 100), { author: "user", content: { text: `${i} ${text}` } });
      if (i % 100 === 0) {
        peakWal = Math.max(peakWal, walBytes(path));
        // Lets the worker's wake-ups through on a loaded machine (a real server awaits I/O).
        await new Promise((r) => setTimeout(r, 1));
      }
    }
    // Each append commits at least 3 WAL frames (event, session, search index): without
    // checkpoints the WAL would pass 12,000 pages. Bounded well below that, with room for a
    // CPU-starved worker (6,423 pages measured once in CI beside the full suite).
    const pageSize = db.pragma("page_size", { simple: true }) as number;
    expect(peakWal / pageSize).toBeLessThan(8000);
    await repo.close();
    // Closing checkpoints (TRUNCATE) as before: nothing is left in the WAL.
    expect(walBytes(path)).toBe(0);
    const reopened = createSqliteRepository({ path });
    expect((await reopened.readSnapshot(key(7)))?.events.length).toBe(40);
    await reopened.close();
  });

  it("is off with backgroundCheckpoint: false (SQLite checkpoints inside the commit)", async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const repo = createSqliteRepository({ path: join(t.dir, "s.db"), backgroundCheckpoint: false });
    const db = await rawHandle(repo);
    for (let i = 0; i < 200; i++) await repo.createSession(key(i), {});
    await new Promise((r) => setTimeout(r, 200));
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    await repo.close();
  });

  it("rejects a non-boolean backgroundCheckpoint with INVALID_ARGUMENT naming the option", () => {
    expect(() =>
      createSqliteRepository({ path: ":memory:", backgroundCheckpoint: "yes" as never }),
    ).toThrow(/options\.backgroundCheckpoint/);
  });

  it("leaves the writer's automatic checkpoints on when the worker cannot open the file", async () => {
    const settings: number[] = [];
    const checkpointer = new BackgroundCheckpointer(
      "/nonexistent/dir/s.db",
      (pages) => settings.push(pages),
      workerScript("wal-checkpoint-worker"),
    );
    for (let i = 0; i < 64; i++) checkpointer.committed();
    await new Promise((r) => setTimeout(r, 1500));
    expect(checkpointer.running).toBe(false);
    expect(settings).toEqual([]);
    checkpointer.stop();
  });

  it("gives the writer its automatic checkpoints back when stopped", async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const path = join(t.dir, "s.db");
    const repo = createSqliteRepository({ path, backgroundCheckpoint: false });
    await repo.health();
    const settings: number[] = [];
    const checkpointer = new BackgroundCheckpointer(
      path,
      (pages) => settings.push(pages),
      workerScript("wal-checkpoint-worker"),
    );
    for (let i = 0; i < 64; i++) checkpointer.committed();
    await waitFor(() => checkpointer.running);
    expect(settings).toEqual([4000]);
    checkpointer.stop();
    expect(settings).toEqual([4000, 1000]);
    await repo.close();
  });

  it("runs at most 4 workers per process: further files keep SQLite's own checkpoints", async () => {
    const t = tempDir();
    cleanups.push(t.remove);
    const repos = Array.from({ length: 6 }, (_, i) =>
      createSqliteRepository({ path: join(t.dir, `tenant-${i}.db`) }),
    );
    const handles = await Promise.all(repos.map((r) => rawHandle(r)));
    for (const repo of repos) for (let i = 0; i < 70; i++) await repo.createSession(key(i), {});
    const thresholds = () =>
      handles.map((db) => db.pragma("wal_autocheckpoint", { simple: true }) as number);
    await waitFor(() => thresholds().filter((n) => n === 4000).length === 4);
    expect(thresholds().filter((n) => n === 1000)).toHaveLength(2);
    for (const repo of repos) await repo.close();
    // Closed files free their workers: a new file gets one again.
    const next = createSqliteRepository({ path: join(t.dir, "next.db") });
    const db = await rawHandle(next);
    for (let i = 0; i < 70; i++) await next.createSession(key(i), {});
    await waitFor(() => db.pragma("wal_autocheckpoint", { simple: true }) === 4000);
    await next.close();
  }, 90_000);
});
