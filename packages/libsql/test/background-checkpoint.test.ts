import { existsSync } from "node:fs";
import { join } from "node:path";
import { waitFor, walBytes } from "@sessionkit/conformance";
import type { SessionRepository } from "@sessionkit/core";
import { createLibsqlRepository } from "@sessionkit/libsql";
import { BackgroundCheckpointer } from "@sessionkit/sql/checkpoint";
import type Database from "libsql";
import { describe, expect, it } from "vitest";
import { workerScript } from "../src/worker-script.js";
import { useTempDirs } from "./support/temp-dir.js";

const tempDir = useTempDirs();
const key = (i: number) => ({ appName: "app", userId: "u", sessionId: `s${i}` });
const text = "x".repeat(300);

/** The libsql handle behind an embedded repository (white-box: pragmas). Not public API. */
async function rawHandle(repository: SessionRepository): Promise<Database.Database> {
  await repository.health();
  type Host = { host: { connection: { driver(): { database: Database.Database } } } };
  return (repository as unknown as Host).host.connection.driver().database;
}

const autoCheckpoint = (db: Database.Database) =>
  Number(
    (db.prepare("PRAGMA wal_autocheckpoint").get() as { wal_autocheckpoint: number })
      .wal_autocheckpoint,
  );

/** A checkpointer on libsql's worker, recording the writer thresholds it sets. */
function checkpointerOn(path: string) {
  const settings: number[] = [];
  const checkpointer = new BackgroundCheckpointer(
    path,
    (pages) => settings.push(pages),
    workerScript("wal-checkpoint-worker"),
  );
  return { checkpointer, settings };
}

describe("background WAL checkpoints (libsql embedded)", () => {
  it("raises the writer's checkpoint threshold once the worker runs, and the WAL stays bounded", async () => {
    const path = join(await tempDir(), "s.db");
    const repo = createLibsqlRepository({ url: `file:${path}` });
    const db = await rawHandle(repo);
    expect(autoCheckpoint(db)).toBe(1000);
    for (let i = 0; i < 100; i++) await repo.createSession(key(i), {});
    await waitFor(() => autoCheckpoint(db) === 4000);
    let peakWal = 0;
    for (let i = 0; i < 4000; i++) {
      await repo.appendEvent(key(i % 100), { author: "user", content: { text: `${i} ${text}` } });
      if (i % 100 === 0) {
        peakWal = Math.max(peakWal, walBytes(path));
        // Lets the worker's wake-ups through on a loaded machine (a real server awaits I/O).
        await new Promise((r) => setTimeout(r, 1));
      }
    }
    // Each append commits at least 3 WAL frames (event, session, search index): without any
    // checkpoint the WAL would pass 12,000 pages; with the worker it stays far below.
    const pageSize = Number(
      (db.prepare("PRAGMA page_size").get() as { page_size: number }).page_size,
    );
    expect(peakWal / pageSize).toBeLessThan(8000);
    await repo.close();
    // Everything acknowledged is there after reopening (libsql leaves the WAL file in place on
    // close, with or without the worker: measured, so no assertion on its size here).
    const reopened = createLibsqlRepository({ url: `file:${path}` });
    expect((await reopened.readSnapshot(key(7)))?.events.length).toBe(40);
    await reopened.close();
  });

  it("is off with backgroundCheckpoint: false (libSQL checkpoints inside the commit)", async () => {
    const path = join(await tempDir(), "s.db");
    const repo = createLibsqlRepository({ url: `file:${path}`, backgroundCheckpoint: false });
    const db = await rawHandle(repo);
    for (let i = 0; i < 200; i++) await repo.createSession(key(i), {});
    await new Promise((r) => setTimeout(r, 300));
    expect(autoCheckpoint(db)).toBe(1000);
    await repo.close();
  });

  it("starts no worker for :memory: (nothing to checkpoint)", async () => {
    const repo = createLibsqlRepository({ url: ":memory:" });
    const db = await rawHandle(repo);
    for (let i = 0; i < 200; i++) await repo.createSession(key(i), {});
    await new Promise((r) => setTimeout(r, 300));
    expect(autoCheckpoint(db)).toBe(1000);
    expect(await repo.listSessions({ appName: "app", limit: 1 })).toMatchObject({
      sessions: [expect.anything()],
    });
    await repo.close();
  });

  it("leaves the writer's checkpoints on, and creates no file, when the database is missing", async () => {
    const path = join(await tempDir(), "missing", "s.db");
    const { checkpointer, settings } = checkpointerOn(path);
    for (let i = 0; i < 64; i++) checkpointer.committed();
    await new Promise((r) => setTimeout(r, 1500));
    expect(checkpointer.running).toBe(false);
    expect(settings).toEqual([]);
    expect(existsSync(path)).toBe(false);
    checkpointer.stop();
  });

  it("gives the writer its automatic checkpoints back when stopped", async () => {
    const path = join(await tempDir(), "s.db");
    const repo = createLibsqlRepository({ url: `file:${path}`, backgroundCheckpoint: false });
    await repo.health();
    const { checkpointer, settings } = checkpointerOn(path);
    for (let i = 0; i < 64; i++) checkpointer.committed();
    await waitFor(() => checkpointer.running);
    expect(settings).toEqual([4000]);
    checkpointer.stop();
    expect(settings).toEqual([4000, 1000]);
    await repo.close();
  });
});
