import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { PurgeResult } from "@sessionkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runJson, startCli } from "./helpers/cli.js";
import { JSON_FILES, withRepo } from "./helpers/stores.js";
import { tempDir } from "./helpers/temp-dir.js";

const COUNT = 1500;

// The JSON store deletes one file per session with fsync, so a purge of a few hundred sessions
// lasts long enough to be interrupted while it runs; SQLite purges them in a blink.
describe("purge interrupted by Ctrl-C (json store)", () => {
  let remove: () => Promise<void>;
  let dir: string;
  let db: string;
  beforeAll(async () => {
    const temp = await tempDir();
    remove = temp.remove;
    dir = temp.dir;
    db = JSON_FILES.url(dir);
    const old = Date.now() - 30 * 24 * 3_600_000;
    await withRepo(JSON_FILES, db, async (repo) => {
      for (let i = 0; i < COUNT; i++) {
        await repo.writeSnapshot(
          {
            id: `old-${i}`,
            appName: "support",
            userId: "u",
            status: "expired",
            metadata: {},
            state: {},
            createdAt: old,
            updatedAt: old,
            expiredAt: old,
            revision: 2,
            lastSeq: 0,
            events: [],
          },
          { mode: "replace" },
        );
      }
    });
  }, 120_000);
  afterAll(async () => {
    await remove();
  });

  it("stops after the current batch with exit 130 and done: false; rerunning finishes the job", async () => {
    const sessionsDir = join(dir, "store", "apps", "support", "users", "u", "sessions");
    const cli = startCli(["purge", "--batch", "1", "--yes", "--json", "--db", db]);
    while ((await readdir(sessionsDir)).length >= COUNT) await sleep(10);
    cli.child.kill("SIGINT");
    const result = await cli.exited;
    expect(result.code).toBe(130);
    const first = JSON.parse(result.stdout) as PurgeResult;
    expect(first.done).toBe(false);
    expect(first.deleted).toBeGreaterThan(0);
    expect(first.deleted).toBeLessThan(COUNT);

    const second = await runJson<PurgeResult>(["purge", "--yes", "--db", db]);
    expect(second).toEqual({ deleted: COUNT - first.deleted, done: true });
    // Two purges of up to 1500 files, each deleted with an fsync: well past the package's 30 s
    // default on a loaded CI machine (other test files run alongside).
  }, 120_000);
});
