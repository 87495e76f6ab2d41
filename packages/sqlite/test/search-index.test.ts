import { join } from "node:path";
import { MemoryRepository, type SessionRepository } from "@sessionkit/core";
import { migrationChecksum, migrations, SCHEMA_VERSION } from "@sessionkit/sql";
import { version2FullTextScript } from "@sessionkit/sql/statements";
import { createSqliteRepository } from "@sessionkit/sqlite";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { writeStoreAtVersion } from "./old-store.js";
import { tempDir } from "./temp-dir.js";

const key = { appName: "app", userId: "u1", sessionId: "s1" };
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function dbPath(): string {
  const t = tempDir();
  cleanups.push(t.remove);
  return join(t.dir, "sessions.db");
}

const TEXTS = [
  "新しいデータベースを作成しました",
  "The database is ready",
  "Die Straße nach Köln",
  "我们的数据库很快",
];

/** A schema-version-2 file (as the previous release wrote it) holding TEXTS as events of `key`. */
function writeVersion2(path: string, fullText: boolean): void {
  const db = writeStoreAtVersion(path, 2, fullText ? version2FullTextScript : undefined);
  db.prepare(
    `INSERT INTO sessions (app_name, user_id, session_id, status, state, metadata, created_at,
      updated_at, expired_at, last_seq, revision) VALUES (?, ?, ?, 'active', '{}', '{}', 1, 1, NULL, ?, ?)`,
  ).run(key.appName, key.userId, key.sessionId, TEXTS.length, TEXTS.length + 1);
  TEXTS.forEach((text, i) => {
    db.prepare(
      `INSERT INTO events (session_pk, seq, event_id, author, content, timestamp)
       VALUES (1, ?, ?, 'user', ?, ?)`,
    ).run(i + 1, `e${i + 1}`, JSON.stringify({ parts: [{ text }] }), 1000 + i);
  });
  db.close();
}

const ids = async (repo: SessionRepository, query: string) =>
  (await repo.searchEvents({ appName: "app", query })).map((h) => h.event.id);

describe("search index (schema version 3)", () => {
  it("migrates a version-2 full-text index: every event re-tokenized in the migration", async () => {
    for (const fullText of [true, false]) {
      const path = dbPath();
      writeVersion2(path, fullText);
      const before = new Database(path, { readonly: true });
      // The old index: a voiced-mark-free query never matched, and unspaced words were one token.
      expect(
        before
          .prepare("SELECT count(*) AS n FROM events_fts WHERE events_fts MATCH 'データベース'")
          .get(),
      ).toEqual({ n: 0 });
      before.close();
      const repo = createSqliteRepository({ path });
      expect(await ids(repo, "データベース")).toEqual(["e1"]);
      expect(await ids(repo, "数据库")).toEqual(["e4"]);
      expect(await ids(repo, "strasse koln")).toEqual(["e3"]);
      expect(await ids(repo, "database")).toEqual(["e2"]);
      await repo.close();
      const db = new Database(path, { readonly: true });
      const applied = db
        .prepare("SELECT version, checksum FROM sessionkit_migrations ORDER BY version")
        .all() as Array<{ version: number; checksum: string }>;
      expect(applied.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
      expect(applied[2]?.checksum).toBe(migrationChecksum(migrations[2] as (typeof migrations)[2]));
      expect(SCHEMA_VERSION).toBe(5);
      expect(
        db.prepare("SELECT count(*) AS n FROM events WHERE search_text IS NOT NULL").get(),
      ).toEqual({ n: 0 });
      db.close();
    }
  });

  it("keeps no copy of the terms: search_text is cleared once indexed", async () => {
    const path = dbPath();
    const repo = createSqliteRepository({ path });
    await repo.createSession(key);
    await repo.appendEvents(
      key,
      TEXTS.map((text) => ({ author: "user", content: text })),
    );
    await repo.appendEvent(key, { author: "user", content: "one more データベース" });
    expect(await ids(repo, "データベース")).toHaveLength(2);
    await repo.close();
    const db = new Database(path, { readonly: true });
    expect(
      db.prepare("SELECT count(*) AS n FROM events WHERE search_text IS NOT NULL").get(),
    ).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM events_search_pending").get()).toEqual({ n: 0 });
    db.close();
  });

  it("indexes a foreign writer's event from its raw text, then exactly at the next open", async () => {
    const path = dbPath();
    const repo = createSqliteRepository({ path });
    await repo.createSession(key);
    await repo.close();
    const db = new Database(path);
    db.prepare(
      `INSERT INTO events (session_pk, seq, event_id, author, content, timestamp)
       VALUES (1, 1, 'raw', 'tool', ?, 5)`,
    ).run(JSON.stringify({ parts: [{ text: "Plain words and 新しいデータベース" }] }));
    db.prepare("UPDATE sessions SET last_seq = 1, revision = revision + 1").run();
    expect(db.prepare("SELECT id FROM events_search_pending").all()).toEqual([{ id: 1 }]);
    db.close();
    const reopened = createSqliteRepository({ path });
    expect(await ids(reopened, "データベース")).toEqual(["raw"]);
    expect(await ids(reopened, "plain words")).toEqual(["raw"]);
    await reopened.close();
    const after = new Database(path, { readonly: true });
    expect(after.prepare("SELECT count(*) AS n FROM events_search_pending").get()).toEqual({
      n: 0,
    });
    after.close();
  });

  it("ranks by BM25 like the reference after sessions are deleted (the index forgets them)", async () => {
    const repo = createSqliteRepository({ path: dbPath() });
    const reference = new MemoryRepository();
    const texts = [
      "alpha beta gamma",
      "alpha alpha delta",
      "beta beta beta alpha epsilon zeta eta",
      "alpha",
      "gamma delta alpha beta alpha",
    ];
    for (const r of [repo, reference]) {
      for (const [i, text] of texts.entries()) {
        const k = { ...key, sessionId: `s${i % 3}` };
        if (!(await r.getSession(k, { recentEvents: 0 }))) await r.createSession(k);
        await r.appendEvent(k, { id: `t${i}`, author: "user", content: text, timestamp: 10 + i });
      }
      await r.createSession({ ...key, sessionId: "gone" });
      await r.appendEvent({ ...key, sessionId: "gone" }, { author: "u", content: "alpha beta" });
      await r.deleteSession({ ...key, sessionId: "gone" });
    }
    for (const query of ["alpha", "beta", "alpha beta", "delta"]) {
      const shape = async (r: SessionRepository) =>
        (await r.searchEvents({ appName: "app", query, order: "relevance" })).map(
          (h) => h.event.id,
        );
      expect(await shape(repo), query).toEqual(await shape(reference));
    }
    await repo.close();
    await reference.close();
  });
});
