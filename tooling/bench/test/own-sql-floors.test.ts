import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { benchEvent, benchEvents } from "../src/standard/events.js";
import type { SubjectFactory } from "../src/standard/subject.js";
import { rawBetterSqliteSubject } from "../src/standard/subjects/floor-better-sqlite3.js";
import { rawLibsqlClientSubject } from "../src/standard/subjects/floor-libsql-client.js";
import { rawPgSubject } from "../src/standard/subjects/floor-pg.js";
import { stopBenchPostgres } from "../src/standard/subjects/pg-cluster-subject.js";
import {
  libsqlSubject,
  postgresSubject,
  sqliteSubject,
} from "../src/standard/subjects/sessionkit.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await stopBenchPostgres();
});

type Page = Array<{ id: string; state: Record<string, unknown> }>;

/** Two users' sessions with session and `user:` state; the listing of user `u`. */
async function listing(factory: SubjectFactory): Promise<Page> {
  const dir = mkdtempSync(join(tmpdir(), "sk-bench-floor-"));
  dirs.push(dir);
  const s = await factory.open(dir);
  const t = Date.now();
  await s.createSession("u", "a");
  await s.createSession("v", "c");
  await s.createSession("u", "b");
  // Updates are stamped in milliseconds: let a's appends come strictly after b's creation, or a
  // tie would order the listing by id instead (a flaky order, seen once in CI).
  await new Promise((resolve) => setTimeout(resolve, 5));
  // Event 4 carries { turn: 4, "user:lastTurn": 4 }.
  for (let i = 0; i < 5; i++) await s.appendEvent("u", "a", benchEvent(i, t + i));
  await s.appendEvent("v", "c", benchEvent(9, t + 9, "v"));
  const listed = (await s.listRecentSessions?.("u", 10)) as Page | { sessions: Page };
  await s.close();
  const page = Array.isArray(listed) ? listed : listed.sessions;
  return page.map((p) => ({ id: p.id, state: p.state }));
}

type FloorPair = [string, SubjectFactory, SubjectFactory];
/** The SQLite-dialect own-SQL floors with their adapters (same schema, same FTS5 index). */
const sqliteFloors: FloorPair[] = [
  ["raw better-sqlite3", rawBetterSqliteSubject, sqliteSubject],
  ["raw @libsql/client", rawLibsqlClientSubject, libsqlSubject],
];

describe.each([
  ...sqliteFloors,
  // A real PostgreSQL server (initdb in a temp directory), as the bench runs it.
  ["raw pg", rawPgSubject, postgresSubject],
] as FloorPair[])("the own-SQL floor %s", (_name, floor, adapter) => {
  it("lists a user's sessions with the same merged state as its adapter (user state included)", async () => {
    const expected = await listing(adapter);
    expect(expected).toEqual([
      { id: "a", state: { turn: 4, "user:lastTurn": 4 } },
      { id: "b", state: { "user:lastTurn": 4 } },
    ]);
    expect(await listing(floor)).toEqual(expected);
  });
});

/**
 * Appends (one by one and a batch, some with non-ASCII text) through `factory`, then reads the
 * file: what the full-text index holds per event (FTS5 `instance` rows), and what was left for
 * the foreign-writer path (search_text kept, pending rows).
 */
async function indexed(factory: SubjectFactory) {
  const dir = mkdtempSync(join(tmpdir(), "sk-bench-floor-fts-"));
  dirs.push(dir);
  const s = await factory.open(dir);
  const t = Date.now();
  await s.createSession("u", "a");
  await s.createSession("u", "b");
  for (let i = 0; i < 40; i++) {
    const e = benchEvent(i, t + i);
    const text = `Grüße aus Köln ${i}, データ ${i}`;
    await s.appendEvent("u", "a", i % 7 === 3 ? { ...e, content: { ...e.content, text } } : e);
  }
  await s.appendBatch?.("u", "b", benchEvents(0, 600, t, "b"));
  await s.close();
  const db = new Database(join(dir, "sessions.db"), { readonly: true });
  try {
    db.exec("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, events_fts, instance)");
    const instances = db
      .prepare(
        `SELECT s.session_id, e.seq, v.term, v.offset FROM temp.vocab AS v
         JOIN events AS e ON e.id = v.doc JOIN sessions AS s ON s.pk = e.session_pk
         ORDER BY s.session_id, e.seq, v.offset`,
      )
      .raw()
      .all();
    const one = (sql: string) => (db.prepare(sql).pluck().get() as number) ?? 0;
    return {
      instances,
      searchTextLeft: one("SELECT count(*) FROM events WHERE search_text IS NOT NULL"),
      pending: one("SELECT count(*) FROM events_search_pending"),
    };
  } finally {
    db.close();
  }
}

describe.each(sqliteFloors)("the own-SQL floor %s", (_name, floor, adapter) => {
  it("writes the search index as its adapter does (the dialect's search text, not the foreign-writer path)", async () => {
    const expected = await indexed(adapter);
    expect(expected.instances.length).toBeGreaterThan(1000);
    expect(expected.searchTextLeft).toBe(0);
    expect(expected.pending).toBe(0);
    expect(await indexed(floor)).toEqual(expected);
  });
});
