import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { IntegrityReport } from "@sessionkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { seedStore } from "./helpers/seed.js";
import { JSON_FILES, SQLITE, type StoreKind, withRepo } from "./helpers/stores.js";
import { tempDir } from "./helpers/temp-dir.js";

/** Damages a seeded store behind the adapter's back. */
type Damage = (dir: string) => Promise<void>;

/** Deletes event 2 of s-invoice with the raw driver: a seq gap the adapter must report. */
const removeAnEvent: Damage = async (dir) => {
  const fromSqlite = createRequire(createRequire(import.meta.url).resolve("@sessionkit/sqlite"));
  const Database = fromSqlite("better-sqlite3") as new (
    path: string,
  ) => { exec(sql: string): void; close(): void };
  const db = new Database(join(dir, "sessions.db"));
  db.exec(
    "DELETE FROM events WHERE seq = 2 AND session_pk = (SELECT pk FROM sessions WHERE session_id = 's-invoice')",
  );
  db.close();
};

/** Overwrites a session file with text that is not JSON. */
const truncateASessionFile: Damage = async (dir) => {
  await writeFile(
    join(dir, "store", "apps", "support", "users", "alice", "sessions", "s-invoice.json"),
    '{"id": "s-inv',
  );
};

const CASES: Array<[StoreKind, Damage]> = [
  [SQLITE, removeAnEvent],
  [JSON_FILES, truncateASessionFile],
];

describe.each(CASES)("check on a damaged store (%#)", (kind, damage) => {
  let remove: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await remove?.();
  });

  it("lists the problems and exits 4; --json prints { ok: false, problems }", async () => {
    const temp = await tempDir();
    remove = temp.remove;
    const db = kind.url(temp.dir);
    await withRepo(kind, db, (repo) => seedStore(repo));
    await damage(temp.dir);

    const text = await runCli(["check", "--db", db]);
    expect(text.code).toBe(4);
    expect(text.stdout).toMatch(/integrity problems? found/);
    expect(text.stdout).toContain("s-invoice");

    const json = await runCli(["check", "--db", db, "--json"]);
    expect(json.code).toBe(4);
    const report = JSON.parse(json.stdout) as IntegrityReport;
    expect(report.ok).toBe(false);
    expect(report.problems.length).toBeGreaterThan(0);
    for (const problem of report.problems) {
      expect(typeof problem.kind).toBe("string");
      expect(typeof problem.message).toBe("string");
    }
  });
});
