import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionRepository } from "@sessionkit/core";
import { appendDrift, backfill, repositorySource, setMigrationPhase } from "@sessionkit/migrate";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningStudio, recordedLegacyStore, startStudio } from "../src/index.js";
import { callApi } from "./support/api-client.js";
import { seedDemoStore } from "./support/demo-store.js";

interface Status {
  initialized: boolean;
  record: { phase: string; legacy: string };
  backfill: {
    checkpoint: { done: boolean; sessions: number };
    fraction: number;
    totalSessions: number;
    etaMs: number | null;
  } | null;
  drift: { target: number; legacy: number };
  driftEntries: { operation: string; side: string }[];
  lastVerify: { ok: boolean } | null;
  next: { command: string | null; reason: string };
}

describe("the migration page's API on a real phased migration (SQLite legacy → SQLite target)", () => {
  let dir: string;
  let legacy: SessionRepository;
  let target: SessionRepository;
  let studio: RunningStudio;
  const status = async () => (await callApi<Status>(studio, "/api/migration")).body;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sessionkit-studio-migration-"));
    legacy = createSqliteRepository({ path: join(dir, "legacy.db") });
    target = createSqliteRepository({ path: join(dir, "target.db") });
    await seedDemoStore(legacy);
    studio = await startStudio({
      store: { name: "target", repository: target },
      legacy: { name: "legacy", repository: legacy },
    });
  });
  afterAll(async () => {
    await studio?.close();
    await legacy?.close();
    await target?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("says to run init when the store holds no record", async () => {
    const s = await status();
    expect(s.initialized).toBe(false);
    expect(s.next.command).toBe("sessionkit-migrate init --legacy <url> --target <url>");
    expect(await recordedLegacyStore(target)).toBeNull();
  });

  it("follows the phases: cutover, backfill, repair drift, verify, cutover", async () => {
    const legacyUrl = `sqlite:${join(dir, "legacy.db")}`;
    await setMigrationPhase(target, "foundation", { legacy: legacyUrl, by: "init" });
    expect(await recordedLegacyStore(target)).toBe(legacyUrl);
    expect((await status()).next.command).toBe("sessionkit-migrate cutover");

    await setMigrationPhase(target, "dual-write", { by: "cutover" });
    let s = await status();
    expect(s.record.phase).toBe("dual-write");
    expect(s.backfill).toBeNull();
    expect(s.next.command).toBe("sessionkit-migrate backfill");

    await backfill({ source: repositorySource(legacy, "legacy"), target, batchSize: 3 });
    s = await status();
    expect(s.backfill?.checkpoint.done).toBe(true);
    expect(s.backfill?.fraction).toBe(1);
    expect(s.backfill?.totalSessions).toBe(13);
    expect(s.backfill?.etaMs).toBeNull();
    expect(s.next.command).toBe("sessionkit-migrate cutover");

    await appendDrift(target, {
      side: "target",
      operation: "appendEvent",
      key: { appName: "support-bot", userId: "u-ada", sessionId: "s-refund-42" },
      at: Date.now(),
      code: "BUSY",
      error: "database is locked",
    });
    s = await status();
    expect(s.drift).toEqual({ target: 1, legacy: 0 });
    expect(s.driftEntries.map((d) => [d.side, d.operation])).toEqual([["target", "appendEvent"]]);
    expect(s.next.command).toBe("sessionkit-migrate repair");
  });

  it("runs verify on demand (reads only) and keeps it as the last verify", async () => {
    const run = await callApi<{ ok: boolean; totals: { matched: number } }>(
      studio,
      "/api/migration/verify",
      {},
      "POST",
    );
    expect(run.status).toBe(200);
    expect(run.body.ok).toBe(true);
    expect(run.body.totals.matched).toBe(13);
    expect((await status()).lastVerify?.ok).toBe(true);
  });
});
