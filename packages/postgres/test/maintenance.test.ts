import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { freshRepository, key, text } from "./support/fixtures.js";

const url = inject("pgUrl");
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function sql(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function seeded() {
  const fresh = freshRepository(url);
  cleanup = fresh.cleanup;
  const { repo } = fresh;
  for (let s = 0; s < 5; s++) {
    await repo.createSession(key(`s${s}`), { state: { a: s, "user:b": 1, "app:c": 2 } });
    await repo.appendEvents(key(`s${s}`), [text(1), text(2), text(3)]);
  }
  return fresh;
}

describe("postgres stats, maintenance, integrity and backup", () => {
  it("counts sessions, events and state keys and reports the schema version and bytes", async () => {
    const { repo } = await seeded();
    await repo.expireSession(key("s0"));
    const stats = await repo.stats();
    expect(stats).toMatchObject({
      sessions: 5,
      activeSessions: 4,
      events: 15,
      stateKeys: 5 + 1 + 1,
      schemaVersion: 1,
    });
    expect(stats.bytesOnDisk).toBeGreaterThan(0);
  });

  it("runs VACUUM (ANALYZE) and ANALYZE of its tables", async () => {
    const { repo } = await seeded();
    const full = await repo.maintain();
    expect(full.performed).toEqual(["vacuum", "analyze"]);
    expect(full.bytesBefore).toBeGreaterThan(0);
    const analyzeOnly = await repo.maintain({ vacuum: false });
    expect(analyzeOnly.performed).toEqual(["analyze"]);
    await expect(repo.maintain({ vaccum: true } as never)).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
  });

  it("finds seq gaps, missing indexes and missing foreign keys that someone caused outside sessionkit", async () => {
    const { repo, schema } = await seeded();
    expect(await repo.checkIntegrity()).toEqual({ ok: true, problems: [] });
    await sql(
      `DELETE FROM "${schema}".events WHERE seq = 2 AND session_pk = (SELECT pk FROM "${schema}".sessions WHERE session_id = 's1')`,
    );
    await sql(`DROP INDEX "${schema}".sessions_by_app_updated`);
    await sql(
      `ALTER TABLE "${schema}".partial_events DROP CONSTRAINT partial_events_session_pk_fkey`,
    );
    const report = await repo.checkIntegrity();
    expect(report.ok).toBe(false);
    const kinds = report.problems.map((p) => p.kind).sort();
    expect(kinds).toEqual(["foreign-key", "index-missing", "seq-gap"]);
    expect(report.problems.find((p) => p.kind === "seq-gap")?.subject).toBe(
      JSON.stringify(["app", "u1", "s1"]),
    );
  });

  it("backs the store up with pg_dump (schema only) into a file pg_restore can read", async () => {
    const { repo, schema } = await seeded();
    const dir = mkdtempSync(join(tmpdir(), "sk-pg-backup-"));
    try {
      const result = await repo.backup(join(dir, "store.dump"));
      expect(result.bytes).toBeGreaterThan(1000);
      const listing = execFileSync("pg_restore", ["--list", result.destination], {
        encoding: "utf8",
      });
      expect(listing).toContain(`TABLE DATA ${schema} events`);
      expect(listing).toContain(`TABLE DATA ${schema} sessions`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
