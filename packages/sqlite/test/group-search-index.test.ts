import type { SessionRepository } from "@sessionkit/core";
import { SCHEMA_VERSION } from "@sessionkit/sql";
import { observeRequests } from "@sessionkit/sql/driver";
import { fullTextTriggersScript } from "@sessionkit/sql/statements";
import { createSqliteRepository } from "@sessionkit/sqlite";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { driverOf } from "./internals.js";
import { writeStoreAtVersion } from "./old-store.js";
import { tempDbPaths } from "./temp-dir.js";

const dbPath = tempDbPaths();

/** A repository on `path` with every statement its driver runs recorded (white box). */
async function observed(path: string): Promise<{ repo: SessionRepository; seen: string[] }> {
  const repo = createSqliteRepository({ path });
  const seen: string[] = [];
  observeRequests(await driverOf(repo), (r) => seen.push("sql" in r ? r.sql : r.kind));
  return { repo, seen };
}

const key = (i: number) => ({ appName: "app", userId: "u", sessionId: `s${i}` });
const word = (i: number) => `wombat${i}q`;
const event = (i: number) => ({
  id: `e${i}`,
  author: "user",
  content: { text: `a ${word(i)} in the garden` },
});
const hitsOf = async (repo: SessionRepository, query: string) =>
  (await repo.searchEvents({ appName: "app", query, limit: 1000 })).map((h) => h.event.id);
const countOf = (path: string, sql: string): number => {
  const db = new Database(path, { readonly: true });
  try {
    return Number((db.prepare(sql).get() as { n: number }).n);
  } finally {
    db.close();
  }
};

describe("a group commit indexes its events itself (schema version 5)", () => {
  it("writes the index rows of 64 concurrent appends in one statement, each searchable", async () => {
    const path = dbPath();
    const { repo, seen } = await observed(path);
    for (let i = 0; i < 64; i++) await repo.createSession(key(i));
    seen.length = 0;
    await Promise.all(Array.from({ length: 64 }, (_, i) => repo.appendEvent(key(i), event(i))));
    const sql = seen;
    expect(sql.filter((s) => s.includes("INSERT INTO events_fts"))).toHaveLength(1);
    expect(sql.filter((s) => s.includes("char(1)"))).toHaveLength(64);
    for (let i = 0; i < 64; i += 9) expect(await hitsOf(repo, word(i))).toEqual([`e${i}`]);
    expect(await hitsOf(repo, "garden")).toHaveLength(64);
    await repo.close();
    // Nothing kept twice: the mark is cleared as the terms are.
    expect(countOf(path, "SELECT count(*) AS n FROM events WHERE search_text IS NOT NULL")).toBe(0);
    expect(countOf(path, "SELECT count(*) AS n FROM events_search_pending")).toBe(0);
  });

  it("indexes nothing of an append that failed in the group, and a retried one once", async () => {
    const path = dbPath();
    const { repo } = await observed(path);
    for (let i = 0; i < 8; i++) await repo.createSession(key(i));
    const calls = Array.from({ length: 8 }, (_, i) =>
      i === 5
        ? repo.appendEvent(key(i), event(i), { expectedRevision: 42 })
        : repo.appendEvent(key(i), event(i)),
    );
    calls.push(repo.appendEvent(key(2), event(2)));
    calls.push(repo.appendEvent({ ...key(99) }, event(99)));
    const settled = await Promise.allSettled(calls);
    expect(
      settled.map((s) => (s.status === "rejected" ? (s.reason as { code: string }).code : "ok")),
    ).toEqual(["ok", "ok", "ok", "ok", "ok", "STALE", "ok", "ok", "ok", "NOT_FOUND"]);
    expect(await hitsOf(repo, word(5))).toEqual([]);
    expect(await hitsOf(repo, word(99))).toEqual([]);
    expect(await hitsOf(repo, word(2))).toEqual(["e2"]);
    expect(await hitsOf(repo, "garden")).toHaveLength(7);
    await repo.close();
    expect(
      countOf(path, "SELECT count(*) AS n FROM events_fts WHERE events_fts MATCH 'garden'"),
    ).toBe(7);
  });

  it("leaves a lone append and a batch to the trigger (no writer-indexed insert)", async () => {
    const path = dbPath();
    const { repo, seen } = await observed(path);
    await repo.createSession(key(0));
    seen.length = 0;
    await repo.appendEvent(key(0), event(1));
    await repo.appendEvents(key(0), [event(2), event(3)]);
    expect(seen.some((sql) => sql.includes("char(1)"))).toBe(false);
    expect((await hitsOf(repo, "garden")).sort()).toEqual(["e1", "e2", "e3"]);
    await repo.close();
  });
});

/** A schema-version-4 file as the previous release wrote it, full-text on or off. */
function writeVersion4(path: string, fullText: boolean): void {
  // Version 4's insert trigger: no WHEN clause.
  const triggers = fullTextTriggersScript.replace("\nWHEN NEW.search_text IS NOT char(1)", "");
  const db = writeStoreAtVersion(path, 4, fullText ? triggers : undefined);
  db.prepare(
    `INSERT INTO sessions (app_name, user_id, session_id, status, state, metadata, created_at,
      updated_at, expired_at, last_seq, revision) VALUES ('app', 'u', 's0', 'active', '{}', '{}', 1, 1, NULL, 1, 2)`,
  ).run();
  db.prepare(
    `INSERT INTO events (session_pk, seq, event_id, author, content, timestamp, search_text)
     VALUES (1, 1, 'old', 'user', '{"text":"an old wombat"}', 1, ?)`,
  ).run(fullText ? "an old wombat" : null);
  db.close();
}

const insertTrigger = (path: string): string | null => {
  const db = new Database(path, { readonly: true });
  try {
    const row = db
      .prepare(
        "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'events_fts_insert'",
      )
      .get() as { sql: string } | undefined;
    return row?.sql ?? null;
  } finally {
    db.close();
  }
};

describe("migration to schema version 5", () => {
  it("recreates the full-text triggers of a version-4 store with the writer mark, keeping its index", async () => {
    const path = dbPath();
    writeVersion4(path, true);
    expect(insertTrigger(path)).not.toContain("char(1)");
    const repo = createSqliteRepository({ path });
    expect((await repo.stats()).schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(5);
    expect(await hitsOf(repo, "wombat")).toEqual(["old"]);
    await Promise.all([1, 2, 3].map((i) => repo.appendEvent(key(0), event(i))));
    expect((await hitsOf(repo, "garden")).sort()).toEqual(["e1", "e2", "e3"]);
    await repo.close();
    expect(insertTrigger(path)).toContain("WHEN NEW.search_text IS NOT char(1)");
  });

  it("leaves a version-4 store with full-text indexing off without triggers", async () => {
    const path = dbPath();
    writeVersion4(path, false);
    const repo = createSqliteRepository({ path, fullTextSearch: false });
    expect((await repo.stats()).schemaVersion).toBe(SCHEMA_VERSION);
    await Promise.all([1, 2].map((i) => repo.appendEvent(key(0), event(i))));
    await repo.close();
    expect(insertTrigger(path)).toBeNull();
    expect(countOf(path, "SELECT count(*) AS n FROM events WHERE search_text IS NOT NULL")).toBe(0);
  });
});
