import type { SessionKey, SessionRepository } from "@sessionkit/core";
import { openFromUrl as openPostgres } from "@sessionkit/postgres";
import { type PgCluster, startPgCluster } from "@sessionkit/postgres/testing";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, cli, json } from "./support/cli.js";
import { legacyFixture } from "./support/store.js";

// "Outgrew one machine": the same phases onto PostgreSQL, from the legacy JSON layout and from
// a SQLite store, against a real PostgreSQL 15 started for this file.
const PASSWORD = "sekret-pw-9f3";
let cluster: PgCluster;

beforeAll(async () => {
  cluster = await startPgCluster();
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

/** The cluster's URL with a password (trust auth ignores it) and a schema. */
function pgUrl(schema: string): string {
  const url = new URL(cluster.url);
  url.password = PASSWORD;
  url.searchParams.set("schema", schema);
  return url.toString();
}

/** Runs the CLI and checks that the password never reaches its output. */
async function run(...args: string[]): Promise<CliResult> {
  const r = await cli(...args);
  expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  return r;
}

async function allSnapshots(repo: SessionRepository) {
  const keys: SessionKey[] = [];
  for (let after: SessionKey | undefined; ; ) {
    const page = await repo.scanSessions({ after, limit: 100 });
    keys.push(...page);
    if (page.length < 100) break;
    after = page[page.length - 1];
  }
  return Promise.all(keys.map((k) => repo.readSnapshot(k)));
}

describe("sessionkit-migrate onto PostgreSQL", () => {
  it("JSON → PostgreSQL: init → backfill → verify → cutover, nothing lost, no password printed", async () => {
    const fx = await legacyFixture(30, 6);
    try {
      const target = ["--target", pgUrl("from_json"), "--refresh-ms", "100"];
      let r = await run("init", "--dual-write", "--legacy", `json:${fx.legacyRoot}`, ...target);
      expect(r.code, r.stderr).toBe(0);
      r = await run("backfill", ...target, "--json");
      expect(r.code, r.stderr).toBe(0);
      expect(json(r)).toMatchObject({ sessions: 30, done: true });
      r = await run("verify", ...target, "--json");
      expect(r.code, r.stdout.slice(0, 800)).toBe(0);
      expect((await run("cutover", ...target)).code).toBe(0);
      r = await run("status", ...target, "--json");
      expect(r.code, r.stderr).toBe(0);
      expect(json(r)).toMatchObject({ record: { phase: "target-primary" } });
      const repo = await openPostgres(pgUrl("from_json"));
      try {
        expect((await repo.stats()).events).toBe(fx.generated.events);
      } finally {
        await repo.close();
      }
    } finally {
      fx.remove();
    }
  });

  it("SQLite → PostgreSQL: every session copied verbatim (ids, seqs, revisions, state)", async () => {
    const fx = await legacyFixture(1, 1);
    const file = fx.db("source.db");
    const source = createSqliteRepository({ path: file });
    try {
      for (let s = 0; s < 12; s++) {
        const key = { appName: "app", userId: `u${s % 3}`, sessionId: `s${s}` };
        await source.createSession(key, { state: { n: s, "user:plan": "pro", "app:v": 2 } });
        await source.appendEvents(
          key,
          Array.from({ length: 5 }, (_, i) => ({
            author: i % 2 ? "model" : "user",
            content: { text: `turn ${i} of ${s} — データベース` },
            stateDelta: { last: i },
          })),
        );
      }
      await source.expireSession({ appName: "app", userId: "u0", sessionId: "s0" });
      const before = await allSnapshots(source);
      await source.close();
      const target = ["--target", pgUrl("from_sqlite"), "--refresh-ms", "100"];
      let r = await run("init", "--dual-write", "--legacy", `sqlite:${file}`, ...target);
      expect(r.code, r.stderr).toBe(0);
      r = await run("backfill", ...target, "--json");
      expect(r.code, r.stderr).toBe(0);
      expect(json(r)).toMatchObject({ sessions: 12, done: true });
      r = await run("verify", ...target, "--json");
      expect(r.code, r.stdout.slice(0, 800)).toBe(0);
      const repo = await openPostgres(pgUrl("from_sqlite"));
      try {
        expect(await allSnapshots(repo)).toEqual(before);
      } finally {
        await repo.close();
      }
    } finally {
      fx.remove();
    }
  });
});
