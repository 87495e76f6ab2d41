import { existsSync } from "node:fs";
import type { SessionKey, SessionRepository } from "@sessionkit/core";
import { searchableText, searchTokens } from "@sessionkit/core/adapter-kit";
import { createSqliteRepository, sideSearchIndexPath } from "@sessionkit/sqlite";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { cli, json, startCli, startWriter } from "./support/cli.js";
import { legacyFixture } from "./support/store.js";

// An SQLite target's search index is built alongside the copy (a worker thread, a side file) and
// merged at the end. Killed with SIGKILL mid-copy and resumed, the backfill must still end with
// an index that answers every query exactly as a store written with the index on.

const fixtures: Array<{ remove(): void }> = [];
afterEach(() => {
  for (const f of fixtures.splice(0)) f.remove();
});

async function allKeys(repo: SessionRepository): Promise<SessionKey[]> {
  const keys: SessionKey[] = [];
  for (;;) {
    const page = await repo.scanSessions({ after: keys[keys.length - 1], limit: 500 });
    keys.push(...page);
    if (page.length < 500) return keys;
  }
}

/**
 * Copies every session of the backfilled target into a fresh store written with the index on,
 * then compares the answers of both to queries of terms found in the data.
 */
async function expectIndexComplete(db: string, refDb: string): Promise<void> {
  const target = createSqliteRepository({ path: db, fullTextSearch: true });
  const ref = createSqliteRepository({ path: refDb, fullTextSearch: true });
  try {
    const terms = new Set<string>(["live"]);
    const apps = new Set<string>();
    for (const key of await allKeys(target)) {
      const s = await target.readSnapshot(key);
      if (!s) continue;
      apps.add(key.appName);
      await ref.writeSnapshot(s, { mode: "replace" });
      for (const e of s.events.slice(0, 2)) {
        const t = searchTokens(searchableText(e.content));
        if (t[1] !== undefined && terms.size < 40) terms.add(t[1]);
      }
    }
    expect(terms.size).toBeGreaterThan(10);
    for (const appName of apps) {
      for (const query of terms) {
        const ids = async (r: SessionRepository) =>
          (await r.searchEvents({ appName, query, limit: 1000 })).map(
            (h) => `${h.key.userId}/${h.key.sessionId}/${h.event.id}`,
          );
        expect(await ids(target), `${appName}: ${query}`).toEqual(await ids(ref));
      }
    }
    expect(await target.checkIntegrity()).toMatchObject({ ok: true });
  } finally {
    await target.close();
    await ref.close();
  }
  // Nothing of the side build is left.
  expect(existsSync(sideSearchIndexPath(db))).toBe(false);
  const raw = new Database(db, { readonly: true });
  const log = raw.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'events_search_build%'");
  expect(log.all()).toEqual([]);
  raw.close();
}

describe("sessionkit-migrate backfill: search index built alongside (SQLite target)", () => {
  it("killed with SIGKILL mid-copy and resumed, the merged index is complete", async () => {
    const fx = await legacyFixture(150, 20);
    fixtures.push(fx);
    const db = fx.db();
    const target = ["--target", `sqlite:${db}`];
    expect((await cli("init", "--legacy", `json:${fx.legacyRoot}`, ...target)).code).toBe(0);
    const args = [
      "backfill",
      ...target,
      "--offline",
      "--batch-size",
      "7",
      "--max-events-per-second",
      "1500",
    ];
    const first = startCli(args);
    // Wait until the side index has committed something, then kill.
    const side = sideSearchIndexPath(db);
    for (let i = 0; i < 200 && !existsSync(`${side}-wal`); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 500));
    first.child.kill("SIGKILL");
    expect((await first.done).signal).toBe("SIGKILL");
    expect(existsSync(side)).toBe(true);
    const resumed = await cli(...args, "--json");
    expect(resumed.code, resumed.stderr).toBe(0);
    // (Under load the kill may land before the first checkpoint: then nothing is resumed.)
    expect(json(resumed)).toMatchObject({ done: true });
    expect((await cli("verify", ...target)).code).toBe(0);
    await expectIndexComplete(db, fx.db("reference.db"));
  });

  it("with the application writing (and opening the target with the index on) meanwhile", async () => {
    const fx = await legacyFixture(100, 20);
    fixtures.push(fx);
    const db = fx.db();
    const target = ["--target", `sqlite:${db}`, "--refresh-ms", "100"];
    expect(
      (await cli("init", "--dual-write", "--legacy", `json:${fx.legacyRoot}`, ...target)).code,
    ).toBe(0);
    const writer = await startWriter({ legacyRoot: fx.legacyRoot, db, refreshMs: 100, seed: 3 });
    try {
      const args = ["backfill", ...target, "--batch-size", "7", "--max-events-per-second", "1500"];
      const first = startCli(args);
      await new Promise((r) => setTimeout(r, 1200));
      first.child.kill("SIGKILL");
      await first.done;
      const resumed = await cli(...args, "--json");
      expect(resumed.code, resumed.stderr).toBe(0);
    } finally {
      await writer.stop();
    }
    await expectIndexComplete(db, fx.db("reference.db"));
  });
});
