import { join } from "node:path";
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import {
  countDrift,
  createPhasedRepository,
  readDrift,
  repair,
  repositorySource,
  setMigrationPhase,
  verify,
} from "@sessionkit/migrate";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { describe, expect, it } from "vitest";
import { faultyRepository, seeded } from "./support/faulty-repository.js";
import { tempDir } from "./support/temp-dir.js";

// Dual-write over the real stores (JSON-file legacy, SQLite target) with a wrapper that fails a
// fraction of the target's data writes.
describe("dual-write with injected target failures (json-file-store → sqlite)", () => {
  it("callers always succeed, the journal holds every failure, repair makes verify clean", async () => {
    const { dir, remove } = tempDir();
    try {
      const legacy = await createJsonFileRepository({ root: join(dir, "legacy"), create: true });
      const sqlite = createSqliteRepository({ path: join(dir, "target.db") });
      await setMigrationPhase(sqlite, "dual-write");
      const target = faultyRepository(sqlite, 0.25, seeded(42));
      const drifted: string[] = [];
      const repo = createPhasedRepository({
        legacy,
        target,
        closeStores: false,
        onDrift: (e) => drifted.push(e.operation),
      });
      let calls = 0;
      for (let i = 0; i < 50; i++) {
        const key = { appName: "app", userId: `u${i % 4}`, sessionId: `s${i}` };
        await repo.createSession(key, { state: { "user:n": i, "app:last": i } });
        await repo.appendEvents(key, [
          { author: "user", content: { text: `hello ${i}` } },
          { author: "model", content: { text: `hi ${i}` }, stateDelta: { turn: i } },
        ]);
        calls += 2;
        if (i % 3 === 0) {
          await repo.updateState(key, { mood: "ok" });
          calls++;
        }
        if (i % 7 === 0) {
          await repo.expireSession(key);
          calls++;
        }
        if (i % 11 === 0) {
          await repo.deleteSession(key);
          calls++;
        }
      }
      expect(calls).toBeGreaterThan(100);
      expect(target.failures).toBeGreaterThan(10);
      // Every failed target write is in the durable journal, with its key and operation.
      expect(await countDrift(sqlite, "target")).toBe(target.failures);
      expect(drifted).toHaveLength(target.failures);
      for await (const entry of readDrift(sqlite)) {
        expect(entry.key ?? entry.scope).toBeDefined();
        expect(entry.operation).toMatch(
          /createSession|appendEvents|updateState|expireSession|deleteSession/,
        );
        expect(entry.code).toBe("IO");
      }
      const source = repositorySource(legacy, "legacy");
      expect((await verify({ legacy: source, target: sqlite })).ok).toBe(false);

      target.enabled = false;
      const fixed = await repair({
        legacy: source,
        legacyRepository: legacy,
        target: sqlite,
        truth: "legacy",
      });
      expect(fixed.journalEntries).toBe(target.failures);
      expect(fixed.report.ok).toBe(true);
      const after = await verify({ legacy: source, target: sqlite });
      expect(after.ok).toBe(true);
      expect(after.driftPending).toBe(0);
      expect(after.totals.legacy).toEqual(after.totals.target);
      await repo.close();
      await legacy.close();
      await sqlite.close();
    } finally {
      remove();
    }
  });
});
