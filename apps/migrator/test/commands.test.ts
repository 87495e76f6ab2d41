import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { searchableText } from "@sessionkit/core/adapter-kit";
import { ExitCode } from "@sessionkit/core/cli";
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import {
  readMigrationRecord,
  scanScopes,
  scanSnapshots,
  writeMigrationRecord,
} from "@sessionkit/migrate";
import { createSqliteRepository } from "@sessionkit/sqlite";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { cli, json, jsonError, startCli, startWriter } from "./support/cli.js";
import { legacyFixture } from "./support/store.js";

type Fixture = Awaited<ReturnType<typeof legacyFixture>>;
const fixtures: Fixture[] = [];
afterEach(() => {
  for (const f of fixtures.splice(0)) f.remove();
});

async function migrated(options: { backup?: boolean } = {}) {
  const fx = await legacyFixture(60, 10);
  fixtures.push(fx);
  const target = ["--target", `sqlite:${fx.db()}`, "--refresh-ms", "100"];
  expect(
    (await cli("init", "--dual-write", "--legacy", `json:${fx.legacyRoot}`, ...target)).code,
  ).toBe(0);
  expect((await cli("backfill", ...target)).code).toBe(0);
  return {
    fx,
    target,
    cutover: () =>
      cli("cutover", ...target, ...(options.backup === false ? ["--no-legacy-backup"] : [])),
  };
}

describe("sessionkit-migrate commands", () => {
  it("rolls back target-primary → dual-write only with a complete legacy copy, or after export; verify clean both ways", async () => {
    const { fx, target, cutover } = await migrated({ backup: false });
    expect((await cutover()).code).toBe(0);
    // The application keeps writing in target-primary without legacy backups.
    const writer = await startWriter({
      legacyRoot: fx.legacyRoot,
      db: fx.db(),
      refreshMs: 100,
      seed: 7,
    });
    await new Promise((r) => setTimeout(r, 800));
    await writer.stop();
    let r = await cli("rollback", ...target, "--json");
    expect(r.code).toBe(ExitCode.REFUSED);
    expect(jsonError(r).error).toMatchObject({ code: "REFUSED", exitCode: ExitCode.REFUSED });
    expect((await cli("verify", ...target)).code).toBe(ExitCode.MISMATCH); // legacy is behind

    r = await cli("rollback", "--export", ...target, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({
      from: "target-primary",
      to: "dual-write",
      checks: { verify: { ok: true } },
    });
    r = await cli("verify", ...target, "--json");
    expect(r.code, r.stdout).toBe(0);

    // Forward again with backup writes on: the application writes, and rollback needs no export.
    expect((await cli("cutover", ...target)).code).toBe(0);
    const again = await startWriter({
      legacyRoot: fx.legacyRoot,
      db: fx.db(),
      refreshMs: 100,
      seed: 8,
    });
    await new Promise((r) => setTimeout(r, 800));
    await again.stop();
    expect((await cli("verify", ...target)).code).toBe(0);
    r = await cli("rollback", ...target, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ to: "dual-write" });
    expect((await cli("verify", ...target)).code).toBe(0);
  });

  it("repair re-copies mismatched sessions and drains the drift journal (target and local file)", async () => {
    const { fx, target } = await migrated();
    const legacy = await createJsonFileRepository({ root: fx.legacyRoot });
    const sqlite = createSqliteRepository({ path: fx.db() });
    const keys = await legacy.scanSessions({ limit: 5 });
    await sqlite.deleteSession(keys[0]!);
    const snap = (await sqlite.readSnapshot(keys[1]!))!;
    await sqlite.writeSnapshot({ ...snap, metadata: { tampered: true } }, { mode: "replace" });
    await sqlite.setMeta("sessionkit-migrate:drift:target:000000000000001:x", {
      side: "target",
      operation: "appendEvent",
      key: { ...keys[2]! },
      at: 1,
      error: "injected",
    });
    await sqlite.close();
    await legacy.close();
    const local = `${fx.dir}/drift.jsonl`;
    writeFileSync(
      local,
      `${JSON.stringify({ side: "target", operation: "updateState", key: keys[3], at: 2, error: "x" })}\n`,
    );

    let r = await cli("verify", ...target, "--json");
    expect(r.code).toBe(ExitCode.MISMATCH);
    expect(jsonError(r).error).toMatchObject({ code: "MISMATCH", exitCode: ExitCode.MISMATCH });
    expect(json(r)).toMatchObject({ ok: false, totals: { mismatched: 2 }, driftPending: 1 });
    r = await cli("repair", ...target, "--local-journal", local, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({
      journalEntries: 1,
      localJournalEntries: 1,
      report: { ok: true, driftPending: 0 },
    });
    expect((await cli("verify", ...target)).code).toBe(0);
  });

  it("a second instance is refused by the lock (exit 7, LOCKED); --dry-run writes nothing", async () => {
    const fx = await legacyFixture(60, 10);
    fixtures.push(fx);
    const target = ["--target", `sqlite:${fx.db()}`, "--refresh-ms", "100"];
    let r = await cli(
      "init",
      "--dry-run",
      "--legacy",
      `json:${fx.legacyRoot}`,
      ...target,
      "--json",
    );
    expect(r.code).toBe(0);
    // The dry run created nothing: status finds no target (exit 3, not found).
    expect((await cli("status", ...target, "--json")).code).toBe(ExitCode.NOT_FOUND);
    expect(
      (await cli("init", "--dual-write", "--legacy", `json:${fx.legacyRoot}`, ...target)).code,
    ).toBe(0);
    r = await cli("backfill", "--dry-run", ...target, "--json");
    expect(json(r)).toMatchObject({ dryRun: true, sessions: 60, written: 60 });
    expect(json(await cli("status", ...target, "--json"))).toMatchObject({ backfill: null });

    // 600 events at 60 per second: the holder keeps the lock for ~10 s, long enough for `repair`
    // to start and be refused on a loaded machine; it is interrupted as soon as that is checked.
    const slow = startCli([
      "backfill",
      ...target,
      "--batch-size",
      "5",
      "--max-events-per-second",
      "60",
    ]);
    // The lock is held once its owner file is written (src/lock.ts), whatever the machine's load:
    // wait for that rather than for a fixed time.
    const owner = `${fx.db()}.migrate-lock.owner`;
    for (const deadline = Date.now() + 30_000; !existsSync(owner); ) {
      expect(Date.now(), `${owner} never appeared`).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 20));
    }
    r = await cli("repair", ...target, "--json");
    expect(r.code).toBe(ExitCode.LOCKED);
    expect(jsonError(r).error).toMatchObject({ code: "LOCKED", exitCode: ExitCode.LOCKED });
    slow.child.kill("SIGINT");
    const interrupted = await slow.done;
    expect(interrupted.code).toBe(130);
    r = await cli("backfill", ...target, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ resumed: true, done: true });
  });

  it("migrates from a source module (the documented example)", async () => {
    const fx = await legacyFixture(40, 5);
    fixtures.push(fx);
    const legacy = await createJsonFileRepository({ root: fx.legacyRoot });
    const lines: string[] = [];
    for await (const s of scanSnapshots(legacy)) lines.push(JSON.stringify(s));
    const scopes = [];
    for await (const s of scanScopes(legacy)) scopes.push(s);
    await legacy.close();
    writeFileSync(`${fx.dir}/export.jsonl`, `${lines.join("\n")}\n`);
    writeFileSync(`${fx.dir}/scopes.json`, JSON.stringify(scopes));
    process.env.SESSIONKIT_SOURCE_FILE = `${fx.dir}/export.jsonl`;
    process.env.SESSIONKIT_SOURCE_SCOPES = `${fx.dir}/scopes.json`;
    const example = fileURLToPath(new URL("../examples/source-module.mjs", import.meta.url));
    const target = ["--target", `sqlite:${fx.db()}`];
    expect((await cli("init", "--legacy", `module:${example}`, ...target)).code).toBe(0);
    let r = await cli("backfill", "--offline", ...target, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ sessions: 40, done: true });
    r = await cli("verify", ...target, "--json");
    expect(r.code, r.stdout.slice(0, 500)).toBe(0);
    r = await cli("plan", ...target, "--json");
    expect(json(r)).toMatchObject({ sessions: 40, events: 200 });
  });

  it("an interrupted finalize resumes where it stopped", async () => {
    const { fx, target, cutover } = await migrated();
    expect((await cutover()).code).toBe(0);
    // As if finalize was killed right after recording its intent (step 1).
    const sqlite = createSqliteRepository({ path: fx.db() });
    const record = (await readMigrationRecord(sqlite))!;
    const archive = `${fx.dir}/retired.tar.gz`;
    await writeMigrationRecord(sqlite, {
      ...record,
      legacyBackupWrites: false,
      legacyComplete: false,
      finalize: {
        state: "archiving",
        archivePath: archive,
        manifestPath: `${archive}.manifest.json`,
        startedAt: Date.now(),
      },
    });
    await sqlite.close();
    writeFileSync(`${archive}.partial`, "torn archive from the killed run");
    const r = await cli("finalize", ...target, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({
      resumed: true,
      record: { phase: "target-only", finalize: { state: "done" } },
    });
    expect(existsSync(archive)).toBe(true);
    expect(existsSync(`${archive}.partial`)).toBe(false);
    const status = json(await cli("status", ...target, "--json")) as {
      record: { history: Array<{ to: string }> };
    };
    expect(status.record.history.map((h) => h.to)).toEqual([
      "foundation",
      "dual-write",
      "target-primary",
      "target-only",
    ]);
  });

  it("backfill --defer-fulltext builds the full-text index at the end", async () => {
    const fx = await legacyFixture(30, 6);
    fixtures.push(fx);
    const target = ["--target", `sqlite:${fx.db()}`];
    expect((await cli("init", "--legacy", `json:${fx.legacyRoot}`, ...target)).code).toBe(0);
    const r = await cli(
      "backfill",
      "--offline",
      "--defer-fulltext",
      "--recheck",
      "none",
      ...target,
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    expect((json(r) as { fullTextIndexSeconds: number }).fullTextIndexSeconds).toBeGreaterThan(0);
    expect((await cli("verify", ...target)).code).toBe(0);
    // Find a word in an active session and search for it in the target.
    const legacy = await createJsonFileRepository({ root: fx.legacyRoot });
    let probe: {
      key: { appName: string; userId: string; sessionId: string };
      word: string;
    } | null = null;
    for await (const snap of scanSnapshots(legacy)) {
      if (snap.status !== "active") continue;
      for (const e of snap.events) {
        const word = searchableText(e.content).match(/[A-Za-z]{5,}/)?.[0];
        if (word) {
          probe = { key: { appName: snap.appName, userId: snap.userId, sessionId: snap.id }, word };
          break;
        }
      }
      if (probe) break;
    }
    await legacy.close();
    expect(probe).not.toBeNull();
    const sqlite = createSqliteRepository({ path: fx.db() });
    const hits = await sqlite.searchEvents({ ...probe!.key, query: probe!.word });
    await sqlite.close();
    expect(hits.length).toBeGreaterThan(0);
    expect(sqlite.capabilities.search).toBe("fulltext");
  });

  it("backfill --skip-fulltext copies without the index and leaves full-text search off", async () => {
    const fx = await legacyFixture(12, 4);
    fixtures.push(fx);
    const target = ["--target", `sqlite:${fx.db()}`];
    expect((await cli("init", "--legacy", `json:${fx.legacyRoot}`, ...target)).code).toBe(0);
    const both = await cli(
      "backfill",
      "--offline",
      "--skip-fulltext",
      "--defer-fulltext",
      ...target,
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("exclude each other");
    const r = await cli("backfill", "--offline", "--skip-fulltext", ...target, "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ done: true, sessions: 12, fullTextIndexSeconds: null });
    const fullText = () => {
      const db = new Database(fx.db(), { readonly: true });
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      const out = {
        triggers: count("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'trigger'"),
        indexed: count("SELECT count(*) AS n FROM events_fts_docsize"),
        events: count("SELECT count(*) AS n FROM events"),
      };
      db.close();
      return out;
    };
    // As the copy left it: no index triggers, nothing indexed.
    expect(fullText()).toEqual({ triggers: 0, indexed: 0, events: 48 });
    // The next open with full-text search on (verify opens with the defaults) builds the index
    // and its four triggers (schema 3: index the adapter's terms, clear them, index a foreign
    // writer's raw text, delete).
    expect((await cli("verify", ...target)).code).toBe(0);
    expect(fullText()).toEqual({ triggers: 4, indexed: 48, events: 48 });
  });

  it("reports usage errors with exit 2 and documents exit codes in --help", async () => {
    expect((await cli("verify")).code).toBe(2); // no --target
    expect((await cli("frobnicate")).code).toBe(2);
    const help = await cli("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Exit codes");
  });
});
