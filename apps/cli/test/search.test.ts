import { join } from "node:path";
import type { SearchHit, SessionRepository } from "@sessionkit/core";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runJson } from "./helpers/cli.js";
import { downgradeToVersion2 } from "./helpers/schema-v2.js";
import { seedStore } from "./helpers/seed.js";
import { JSON_FILES, SQLITE, STORE_KINDS, withRepo } from "./helpers/stores.js";
import { tempDir } from "./helpers/temp-dir.js";

describe.each(STORE_KINDS)("search on $name", (kind) => {
  let remove: () => Promise<void>;
  let db: string;
  beforeAll(async () => {
    const temp = await tempDir();
    remove = temp.remove;
    db = kind.url(temp.dir);
    await withRepo(kind, db, (repo) => seedStore(repo));
  });
  afterAll(async () => {
    await remove();
  });

  const hitsOf = async (args: string[]) =>
    (await runJson<{ hits: SearchHit[] }>(["search", ...args, "--db", db])).hits;

  it("finds events containing every term, in the app only, as a table with snippets", async () => {
    const result = await runCli(["search", "invoice", "--app", "support", "--db", db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("s-invoice");
    expect(result.stdout).toContain("s-refund");
    expect(result.stdout).not.toContain("b-1");
    expect(result.stdout).toMatch(/\[invoice\]/i);
  });

  it("--json prints { hits: [{ key, event, snippet }] }", async () => {
    const hits = await hitsOf(["march invoice", "--app", "support"]);
    expect(hits.length).toBeGreaterThanOrEqual(2);
    for (const hit of hits) {
      expect(hit.key).toMatchObject({
        appName: "support",
        userId: "alice",
        sessionId: "s-invoice",
      });
      expect(typeof hit.event.seq).toBe("number");
      expect(hit.snippet.toLowerCase()).toContain("[march]");
    }
  });

  it("--user, --session and --limit narrow the hits; SESSIONKIT_APP is the default app", async () => {
    expect(
      (await hitsOf(["invoice", "--app", "support", "--user", "bob"])).map((h) => h.key.sessionId),
    ).toEqual(["s-refund"]);
    expect(
      (await hitsOf(["invoice", "--app", "support", "--session", "s-refund"])).every(
        (h) => h.key.sessionId === "s-refund",
      ),
    ).toBe(true);
    expect(await hitsOf(["invoice", "--app", "support", "--limit", "1"])).toHaveLength(1);
    const billing = await runJson<{ hits: SearchHit[] }>(["search", "invoice", "--db", db], {
      env: { SESSIONKIT_APP: "billing" },
    });
    expect(billing.hits.map((h) => h.key.sessionId)).toEqual(["b-1"]);
  });

  it("no hits is not an error; no app is a usage error", async () => {
    const result = await runCli(["search", "zebra", "--app", "support", "--db", db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("No events match");
    expect((await runCli(["search", "invoice", "--db", db])).code).toBe(2);
  });
});

describe("search finds migrated events in any language", () => {
  let remove: () => Promise<void>;
  let dir: string;
  beforeAll(async () => {
    ({ dir, remove } = await tempDir());
  });
  afterAll(async () => {
    await remove();
  });

  const JAPANESE = [
    {
      id: "j1",
      author: "user",
      content: { parts: [{ text: "新しいデータベースを作成しました" }] },
    },
    { id: "j2", author: "assistant", content: "ﾃﾞｰﾀﾍﾞｰｽのバックアップは完了です" },
    { id: "j3", author: "user", content: "The database is ready" },
  ];
  async function seedJapanese(repo: SessionRepository): Promise<void> {
    const key = { appName: "jp", userId: "hana", sessionId: "s-db" };
    await repo.createSession(key);
    await repo.appendEvents(
      key,
      JAPANESE.map((e, i) => ({ ...e, timestamp: 1_700_000_000_000 + i })),
    );
  }
  const idsOf = async (db: string, query: string, ...more: string[]) =>
    (
      await runJson<{ hits: SearchHit[] }>(["search", query, "--app", "jp", "--db", db, ...more])
    ).hits.map((h) => h.event.id);

  it('finds "データベース" in a schema-2 SQLite store after `sessionkit maintain` migrates its index', async () => {
    const path = join(dir, "legacy.db");
    await withRepo(SQLITE, `sqlite:${path}`, seedJapanese);
    await downgradeToVersion2(path);
    const maintain = await runCli(["maintain", "--db", `sqlite:${path}`]);
    expect(maintain.code, maintain.stderr).toBe(0);
    expect(await idsOf(`sqlite:${path}`, "データベース", "--order", "newest")).toEqual([
      "j2",
      "j1",
    ]);
    const table = await runCli(["search", "データベース", "--app", "jp", "--db", `sqlite:${path}`]);
    expect(table.stdout).toContain("新しい[データベース]を作成しました");
    expect(table.stdout).toContain("[ﾃﾞｰﾀﾍﾞｰｽ]");
  });

  it('finds "データベース" in SQLite after a copy from a JSON store with the index built afterwards', async () => {
    const json = `json:${join(dir, "legacy-json")}`;
    const target = join(dir, "copied.db");
    await withRepo(JSON_FILES, json, seedJapanese);
    // As sessionkit-migrate copies: whole-session snapshots, full-text deferred, built at the end.
    const copy = createSqliteRepository({ path: target, fullTextSearch: false });
    await withRepo(JSON_FILES, json, async (source) => {
      for (const key of await source.scanSessions()) {
        const snapshot = await source.readSnapshot(key);
        if (snapshot) await copy.writeSnapshot(snapshot, { mode: "replace" });
      }
    });
    await copy.close();
    await createSqliteRepository({ path: target }).close();
    for (const db of [json, `sqlite:${target}`]) {
      expect(await idsOf(db, "データベース", "--order", "newest"), db).toEqual(["j2", "j1"]);
      expect(await idsOf(db, "DATABASE"), db).toEqual(["j3"]);
    }
  });

  it("--order picks relevance (the default) or newest first; anything else is a usage error", async () => {
    const db = `sqlite:${join(dir, "order.db")}`;
    await withRepo(SQLITE, db, async (repo) => {
      const key = { appName: "jp", userId: "u", sessionId: "s" };
      await repo.createSession(key);
      await repo.appendEvents(key, [
        { id: "many", author: "user", content: "invoice invoice invoice", timestamp: 1 },
        { id: "once", author: "user", content: "one invoice among many other words", timestamp: 2 },
        { id: "none", author: "user", content: "nothing to see", timestamp: 3 },
      ]);
    });
    expect(await idsOf(db, "invoice")).toEqual(["many", "once"]);
    expect(await idsOf(db, "invoice", "--order", "newest")).toEqual(["once", "many"]);
    expect(
      (await runCli(["search", "invoice", "--app", "jp", "--order", "best", "--db", db])).code,
    ).toBe(2);
  });
});
