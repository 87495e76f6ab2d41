import { createLibsqlRepository } from "@sessionkit/libsql";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { cli, json } from "./support/cli.js";
import { legacyFixture } from "./support/store.js";

// The same commands against a libSQL target (embedded file: URL through @sessionkit/libsql).
describe("sessionkit-migrate with a libSQL target", () => {
  it("init → backfill → verify → cutover → export round trip on file:", async () => {
    const fx = await legacyFixture(40, 8);
    try {
      const target = ["--target", `file:${fx.db("target.libsql.db")}`, "--refresh-ms", "100"];
      expect(
        (await cli("init", "--dual-write", "--legacy", `json:${fx.legacyRoot}`, ...target)).code,
      ).toBe(0);
      let r = await cli("backfill", ...target, "--json");
      expect(r.code, r.stderr).toBe(0);
      expect(json(r)).toMatchObject({ sessions: 40, done: true });
      r = await cli("verify", ...target, "--json");
      expect(r.code, r.stdout.slice(0, 800)).toBe(0);
      expect((await cli("cutover", ...target)).code).toBe(0);
      r = await cli("export", "--to", `json:${fx.dir}/exported`, ...target, "--json");
      expect(r.code, r.stderr).toBe(0);
      expect(json(r)).toMatchObject({ export: { sessions: 40 }, verify: { ok: true } });
    } finally {
      fx.remove();
    }
  });

  // The shared SQL options vocabulary: the full-text flags reach a libSQL target as they reach
  // a SQLite one (they used to fail with "options.fullTextSearch is not a known option").
  it("backfill --skip-fulltext into file: copies without the index; a default open builds it", async () => {
    const fx = await legacyFixture(12, 4);
    try {
      const path = fx.db("skip.libsql.db");
      const target = ["--target", `file:${path}`];
      expect((await cli("init", "--legacy", `json:${fx.legacyRoot}`, ...target)).code).toBe(0);
      const r = await cli("backfill", "--offline", "--skip-fulltext", ...target, "--json");
      expect(r.code, r.stderr).toBe(0);
      expect(json(r)).toMatchObject({ done: true, sessions: 12, fullTextIndexSeconds: null });
      const db = new Database(path, { readonly: true });
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(count("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'trigger'")).toBe(0);
      expect(count("SELECT count(*) AS n FROM events_fts_docsize")).toBe(0);
      expect(count("SELECT count(*) AS n FROM events")).toBe(48);
      db.close();
      // Opening with the default options turns full-text search on and indexes every event.
      const repo = createLibsqlRepository({ url: `file:${path}` });
      expect(repo.capabilities.search).toBe("fulltext");
      expect((await repo.stats()).events).toBe(48);
      await repo.close();
      const after = new Database(path, { readonly: true });
      expect(
        (after.prepare("SELECT count(*) AS n FROM events_fts_docsize").get() as { n: number }).n,
      ).toBe(48);
      after.close();
    } finally {
      fx.remove();
    }
  });

  it("backfill --defer-fulltext into file: builds the index at the end", async () => {
    const fx = await legacyFixture(20, 5);
    try {
      const path = fx.db("defer.libsql.db");
      const target = ["--target", `file:${path}`];
      expect((await cli("init", "--legacy", `json:${fx.legacyRoot}`, ...target)).code).toBe(0);
      const r = await cli("backfill", "--offline", "--defer-fulltext", ...target, "--json");
      expect(r.code, r.stderr).toBe(0);
      const report = json(r) as { sessions: number; fullTextIndexSeconds: number | null };
      expect(report.sessions).toBe(20);
      expect(report.fullTextIndexSeconds).toBeGreaterThan(0);
      expect((await cli("verify", ...target)).code).toBe(0);
      const db = new Database(path, { readonly: true });
      const events = (db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
      const indexed = (
        db.prepare("SELECT count(*) AS n FROM events_fts_docsize").get() as { n: number }
      ).n;
      db.close();
      expect(events).toBe(100);
      expect(indexed).toBe(events);
    } finally {
      fx.remove();
    }
  });
});
