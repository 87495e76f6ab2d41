import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type SessionKey, SessionKitError, type SessionRepository } from "@sessionkit/core";
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import {
  countDrift,
  createPhasedRepository,
  newMigrationRecord,
  type Phase,
  readDrift,
  repositorySource,
  verify,
  withPhase,
  writeMigrationRecord,
} from "@sessionkit/migrate";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { describe, expect, it } from "vitest";
import { tempDir } from "./support/temp-dir.js";

const WRITER = fileURLToPath(new URL("./support/shared-writer.mjs", import.meta.url));
const PROCESSES = 6;
const EVENTS = 60;
const KEYS: SessionKey[] = [0, 1, 2].map((i) => ({
  appName: "app",
  userId: "shared",
  sessionId: `s${i}`,
}));

interface WriterReport {
  drift: unknown[];
  errors: string[];
  failedSecondaryWrites: number;
}

function runWriter(config: Record<string, unknown>): Promise<WriterReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, JSON.stringify(config)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`writer exited ${code}: ${err}`));
      else resolve(JSON.parse(out.trim().split("\n").pop() as string) as WriterReport);
    });
  });
}

/** A target whose every call fails with IO while `down` is set (the database is unreachable). */
function downable(inner: SessionRepository): SessionRepository & { down: boolean } {
  const state = { down: false };
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === "down") return state.down;
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (state.down && prop !== "close") {
          return Promise.reject(
            new SessionKitError({
              code: "IO",
              adapter: "sqlite",
              operation: String(prop),
              problem: "the database is unreachable (test)",
            }),
          );
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
    set(_t, prop, value) {
      if (prop !== "down") return false;
      state.down = Boolean(value);
      return true;
    },
  }) as SessionRepository & { down: boolean };
}

/** Legacy and target stores in `phase` (target-primary with legacy backup writes on). */
async function storesIn(dir: string, phase: Phase) {
  const legacyRoot = join(dir, "legacy");
  const dbPath = join(dir, "target.db");
  const legacy = await createJsonFileRepository({ root: legacyRoot, create: true });
  const target = createSqliteRepository({ path: dbPath });
  let record = newMigrationRecord(`json:${legacyRoot}`);
  // Create the shared sessions in both stores (as a backfill would have) before the phase.
  for (const key of KEYS) {
    await legacy.createSession(key, { state: { created: true } });
    const snapshot = await legacy.readSnapshot(key);
    if (snapshot) await target.writeSnapshot(snapshot, { mode: "replace" });
  }
  if (phase !== "foundation") record = withPhase(record, "dual-write", "test");
  if (phase === "target-primary" || phase === "target-only") {
    record = {
      ...withPhase(record, "target-primary", "test"),
      legacyBackupWrites: true,
      legacyComplete: true,
    };
  }
  if (phase === "target-only") record = withPhase(record, "target-only", "test");
  await writeMigrationRecord(target, record);
  return { legacy, target, legacyRoot, dbPath };
}

// Several application processes write the same sessions through the phased repository at once.
// The mirror copies whole sessions, so a process's copy can lose the race to another process's
// newer copy: that is not drift and must never be journaled (it would disable the legacy
// fallback in every process, and block finalize and rollback, until a repair).
describe("phased repository: several processes writing the same sessions", () => {
  for (const phase of ["foundation", "dual-write", "target-primary", "target-only"] as const) {
    it(`${phase}: no drift journaled for a clean run; every event kept${phase === "target-primary" ? "; legacy fallback reads work with the target down" : ""}`, async () => {
      const { dir, remove } = tempDir();
      try {
        const { legacy, target, legacyRoot, dbPath } = await storesIn(dir, phase);
        const reports = await Promise.all(
          Array.from({ length: PROCESSES }, (_, id) =>
            runWriter({ legacyRoot, dbPath, keys: KEYS, events: EVENTS, id }),
          ),
        );
        for (const r of reports) expect(r.errors).toEqual([]);
        const driftEntries = [];
        for await (const e of readDrift(target)) driftEntries.push(e);
        expect(driftEntries).toEqual([]);
        expect(reports.flatMap((r) => r.drift)).toEqual([]);

        const primary = phase === "foundation" || phase === "dual-write" ? legacy : target;
        let events = 0;
        for (const key of KEYS) events += (await primary.readSnapshot(key))?.events.length ?? 0;
        expect(events).toBe(PROCESSES * EVENTS);

        if (phase === "dual-write" || phase === "target-primary") {
          const report = await verify({ legacy: repositorySource(legacy, "legacy"), target });
          expect(report.ok, JSON.stringify(report.mismatches.slice(0, 2))).toBe(true);
        }

        if (phase === "target-primary") {
          const wrapped = downable(target);
          const repo = createPhasedRepository({
            legacy,
            target: wrapped,
            closeStores: false,
            refreshIntervalMs: 60_000,
            onWarning: () => {},
          });
          expect(await repo.currentPhase()).toBe("target-primary");
          wrapped.down = true;
          for (const key of KEYS) {
            const session = await repo.getSession(key);
            expect(session?.events?.length).toBe(
              (await legacy.readSnapshot(key))?.events.length ?? -1,
            );
          }
          expect((await repo.migrationStatus()).fallbackReads).toBe(KEYS.length);
          wrapped.down = false;
          await repo.close();
        }
        expect(await countDrift(target)).toBe(0);
        await legacy.close();
        await target.close();
      } finally {
        remove();
      }
    });
  }

  it("target-primary: a legacy copy written behind the repository's back is journaled, exactly once", async () => {
    const { dir, remove } = tempDir();
    try {
      const { legacy, target } = await storesIn(dir, "target-primary");
      const key = KEYS[0] as SessionKey;
      // Real divergence: legacy moved ahead on its own (not through the phased repository).
      for (let i = 0; i < 3; i++)
        await legacy.appendEvent(key, { author: "user", content: { text: `stray ${i}` } });
      const repo = createPhasedRepository({
        legacy,
        target,
        closeStores: false,
        onWarning: () => {},
      });
      await repo.appendEvent(key, { author: "user", content: { text: "through the app" } });
      await repo.appendEvent(KEYS[1] as SessionKey, { author: "user", content: { text: "ok" } });
      const entries = [];
      for await (const e of readDrift(target)) entries.push(e);
      expect(entries).toMatchObject([{ side: "legacy", code: "DIVERGED", key }]);
      await repo.close();
      await legacy.close();
      await target.close();
    } finally {
      remove();
    }
  });
});
