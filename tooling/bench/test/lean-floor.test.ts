import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { benchEvent, benchEvents } from "../src/standard/events.js";
import type { SubjectFactory } from "../src/standard/subject.js";
import {
  leanBetterSqliteContractSubject,
  leanBetterSqliteListingSubject,
  leanBetterSqliteNoTextSubject,
  leanBetterSqliteSubject,
  leanLibsqlContractSubject,
  leanLibsqlListingSubject,
  leanLibsqlSubject,
} from "../src/standard/subjects/lean-floor.js";
import { ftsRowid } from "../src/standard/subjects/lean-schema.js";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "sk-bench-lean-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type Read = {
  state: Record<string, unknown>;
  events: Array<{ id: string; seq: number }>;
};

describe.each([
  ["better-sqlite3", leanBetterSqliteSubject],
  ["libsql", leanLibsqlSubject],
] as Array<[string, SubjectFactory]>)("the lean floor on %s", (_driver, factory) => {
  it("appends with gapless seqs, merged scoped state, idempotent ids, and lists newest first", async () => {
    const dir = tempDir();
    const s = await factory.open(dir);
    await s.createSession("u", "a");
    await s.createSession("u", "b");
    const t = Date.now();
    // Events 4 and 9 carry { turn, "user:lastTurn" }.
    for (let i = 0; i < 10; i++) await s.appendEvent("u", "a", benchEvent(i, t + i));
    const retry = (await s.appendEvent("u", "a", benchEvent(3, t + 3))) as { seq: number };
    expect(retry.seq).toBe(4);
    await s.appendBatch?.("u", "b", benchEvents(100, 130, t, "b"));
    const a = (await s.readSession("u", "a", 5)) as Read;
    expect(a.events.map((e) => e.seq)).toEqual([6, 7, 8, 9, 10]);
    expect(a.state).toEqual({ turn: 9, "user:lastTurn": 229 });
    const b = (await s.readSession("u", "b", 200)) as Read;
    expect(b.events.map((e) => e.seq)).toEqual(Array.from({ length: 130 }, (_, k) => k + 1));
    expect(b.state).toEqual({ turn: 229, "user:lastTurn": 229 });
    const page = (await s.listRecentSessions?.("u", 10)) as Array<{ id: string }>;
    expect(page.map((p) => p.id)).toEqual(["b", "a"]);
    await s.close();
    // Full-text on: one index row per event, at rowid session pk × 2^32 + seq.
    const db = new Database(join(dir, "sessions.db"), { readonly: true });
    const rows = db.prepare("SELECT rowid FROM events_fts WHERE events_fts MATCH 'lisbon'").all();
    expect(rows.length).toBeGreaterThan(0);
    expect(db.prepare("SELECT count(*) AS n FROM events").get()).toEqual({ n: 140 });
    const pk = (
      db.prepare("SELECT pk FROM sessions WHERE session_id = 'a'").get() as { pk: number }
    ).pk;
    const indexed = db
      .prepare("SELECT rowid FROM events_fts WHERE rowid = ?")
      .get(ftsRowid(pk, 10));
    expect(indexed).toEqual({ rowid: ftsRowid(pk, 10) });
    db.close();
  });
});

describe("the lean floor with full-text off", () => {
  it("has no index table", async () => {
    const dir = tempDir();
    const s = await leanBetterSqliteNoTextSubject.open(dir);
    await s.createSession("u", "a");
    await s.appendEvent("u", "a", benchEvent(0, Date.now()));
    await s.close();
    const db = new Database(join(dir, "sessions.db"), { readonly: true });
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .all() as Array<{ name: string }>;
    expect(tables.map((t) => t.name)).toEqual(["app_state", "events", "sessions", "user_state"]);
    expect(leanBetterSqliteNoTextSubject.pairOnly).toBe(true);
    db.close();
  });
});

describe("the lean floor with sessionkit's listing indexes", () => {
  it.each([
    ["better-sqlite3", leanBetterSqliteListingSubject],
    ["libsql", leanLibsqlListingSubject],
  ] as Array<[string, SubjectFactory]>)(
    "on %s has exactly the three extra indexes and works alike",
    async (_driver, factory) => {
      const dir = tempDir();
      const s = await factory.open(dir);
      await s.createSession("u", "a");
      await s.appendEvent("u", "a", benchEvent(4, Date.now()));
      const read = (await s.readSession("u", "a", 5)) as Read;
      expect(read.events.map((e) => e.seq)).toEqual([1]);
      await s.close();
      const db = new Database(join(dir, "sessions.db"), { readonly: true });
      const names = db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions' AND sql IS NOT NULL ORDER BY name",
        )
        .all()
        .map((r) => (r as { name: string }).name);
      db.close();
      expect(names).toEqual([
        "sessions_by_app_created",
        "sessions_by_app_id",
        "sessions_by_app_updated",
        "sessions_by_user_updated",
      ]);
    },
  );
});

describe("the lean floor doing the append's contract work", () => {
  it.each([
    ["better-sqlite3", leanBetterSqliteContractSubject],
    ["libsql", leanLibsqlContractSubject],
  ] as Array<[string, SubjectFactory]>)(
    "on %s returns the stored events and refuses a bad event with a typed error, writing nothing",
    async (_driver, factory) => {
      const s = await factory.open(tempDir());
      await s.createSession("u", "a");
      const one = (await s.appendEvent("u", "a", benchEvent(1, 1000))) as {
        id: string;
        seq: number;
      };
      expect(one).toMatchObject({ id: benchEvent(1, 1000).id, seq: 1 });
      const batch = benchEvents(2, 3, 1000);
      const stored = (await s.appendBatch?.("u", "a", batch)) as Array<{
        id: string;
        seq: number;
        content: unknown;
      }>;
      expect(stored.map((e) => e.seq)).toEqual([2, 3, 4]);
      expect(stored.map((e) => e.id)).toEqual(batch.map((e) => e.id));
      expect(stored[0]?.content).toEqual(batch[0]?.content);
      expect(stored[0]?.content).not.toBe(batch[0]?.content);
      const bad = { ...benchEvent(9, 1000), content: { at: new Date() } } as unknown as ReturnType<
        typeof benchEvent
      >;
      await expect(async () =>
        s.appendBatch?.("u", "a", [benchEvent(8, 1000), bad]),
      ).rejects.toMatchObject({
        code: "INVALID_ARGUMENT",
        path: "events[1].content.at",
      });
      const read = (await s.readSession("u", "a", 10)) as Read;
      expect(read.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      await s.close();
    },
  );
});
