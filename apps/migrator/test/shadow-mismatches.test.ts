import { createJsonFileRepository } from "@sessionkit/json-file-store";
import { createPhasedRepository } from "@sessionkit/migrate";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, json } from "./support/cli.js";
import { legacyFixture } from "./support/store.js";

type Fixture = Awaited<ReturnType<typeof legacyFixture>>;

interface Listed {
  operation: string;
  subject: string;
  at: string;
  path: string;
  legacy: string;
  target: string;
}

// `status` lists the shadow-read mismatches that phased repositories (other processes) recorded,
// not only their count: which session, when, and what differed.
describe("sessionkit-migrate status --mismatches", () => {
  let fx: Fixture;
  let target: string[];
  const sessionIds: string[] = [];
  beforeAll(async () => {
    fx = await legacyFixture(12, 3);
    target = ["--target", `sqlite:${fx.db()}`];
    expect(
      (await cli("init", "--dual-write", "--legacy", `json:${fx.legacyRoot}`, ...target)).code,
    ).toBe(0);
    expect((await cli("backfill", ...target)).code).toBe(0);
    // Change two sessions in the target behind the phased repository's back, then read them
    // through it in dual-write with every read shadow-compared.
    const sqlite = createSqliteRepository({ path: fx.db() });
    const keys = (await sqlite.scanSessions({ limit: 2 })).slice(0, 2);
    for (const [i, key] of keys.entries()) {
      await sqlite.updateState(key, { drifted: i });
      sessionIds.push(key.sessionId);
    }
    await sqlite.close();
    const phased = createPhasedRepository({
      legacy: await createJsonFileRepository({ root: fx.legacyRoot }),
      target: createSqliteRepository({ path: fx.db() }),
      shadowReadRate: 1,
      onWarning: () => {},
    });
    for (const key of keys) await phased.getSession(key);
    await phased.flushShadowReads();
    expect((await phased.migrationStatus()).shadow.mismatched).toBe(2);
    await phased.close();
  });
  afterAll(() => fx.remove());

  it("--json lists each recorded mismatch with session key, time and what differed", async () => {
    const r = await cli("status", "--mismatches", ...target, "--json");
    expect(r.code, r.stderr).toBe(0);
    const status = json<{ shadowMismatches: number; shadowMismatchList: Listed[] }>(r);
    expect(status.shadowMismatches).toBe(2);
    expect(status.shadowMismatchList).toHaveLength(2);
    const subjects = status.shadowMismatchList.map((m) => m.subject);
    for (const id of sessionIds)
      expect(subjects.some((s) => s.includes(JSON.stringify(id)))).toBe(true);
    for (const m of status.shadowMismatchList) {
      expect(m.operation).toBe("getSession");
      expect(Number.isNaN(Date.parse(m.at))).toBe(false);
      expect(m.path).not.toBe("(error)");
      expect(m.legacy).not.toBe(m.target);
    }
    // Newest first.
    const times = status.shadowMismatchList.map((m) => Date.parse(m.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("--limit bounds the list, the text report shows key and difference, plain status only counts", async () => {
    let r = await cli("status", "--mismatches", "--limit", "1", ...target, "--json");
    expect(r.code, r.stderr).toBe(0);
    const limited = json<{ shadowMismatches: number; shadowMismatchList: Listed[] }>(r);
    expect(limited.shadowMismatches).toBe(2);
    expect(limited.shadowMismatchList).toHaveLength(1);

    r = await cli("status", "--mismatches", ...target);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("shadow      2 recorded mismatches");
    expect(r.stdout).toContain("newest 2 of 2:");
    for (const id of sessionIds) expect(r.stdout).toContain(JSON.stringify(id));
    expect(r.stdout).toContain("differs at");
    expect(r.stdout).toMatch(/legacy .* ≠ {2}target /);

    r = await cli("status", ...target, "--json");
    expect(json(r)).not.toHaveProperty("shadowMismatchList");
    r = await cli("status", ...target);
    expect(r.stdout).toContain("2 recorded mismatches (list them: status --mismatches)");
  });

  it("a bad --limit, or --limit without --mismatches, is a usage error with a remedy", async () => {
    let r = await cli("status", "--mismatches", "--limit", "0", ...target);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--limit must be a positive integer");
    r = await cli("status", "--limit", "5", ...target);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("add --mismatches");
  });
});
