import { MemoryRepository, type SessionKey } from "@sessionkit/core";
import { backfill, readBackfillCheckpoint, repositorySource, verify } from "@sessionkit/migrate";
import { describe, expect, it } from "vitest";

const keyOf = (i: number): SessionKey => ({ appName: "app", userId: "u", sessionId: `s${i}` });

async function seed(legacy: MemoryRepository, sessions: number): Promise<void> {
  for (let i = 0; i < sessions; i++) {
    await legacy.createSession(keyOf(i));
    await legacy.appendEvent(keyOf(i), { author: "user", content: { text: `m${i}` } });
  }
}

/**
 * A run that dies after a batch committed but before its re-check finished (here: the source
 * fails at the re-check, as a SIGKILL at that moment would stop it) must not leave a resurrected
 * or stale copy behind: the resumed run re-checks the last committed batch first.
 */
describe("backfill: resuming re-checks the last committed batch", () => {
  for (const recheck of ["full", "keys"] as const) {
    it(`recheck ${recheck}: a session deleted (and changed) during the killed batch is fixed on resume`, async () => {
      const legacy = new MemoryRepository();
      const target = new MemoryRepository();
      await seed(legacy, 6);
      const base = repositorySource(legacy, "legacy");
      let crashed = false;
      const crashOnce = async () => {
        if (crashed) return;
        crashed = true;
        // What the application did meanwhile, in legacy (the target copy did not exist yet).
        await legacy.deleteSession(keyOf(1));
        await legacy.appendEvent(keyOf(2), { author: "user", content: "late" });
        throw new Error("killed before the re-check");
      };
      const dying = {
        ...base,
        read: async (key: SessionKey) => {
          await crashOnce();
          return base.read?.(key) ?? null;
        },
        keys: async (o: { after?: SessionKey; limit: number }) => {
          await crashOnce();
          return base.keys?.(o) ?? [];
        },
      };
      await expect(backfill({ source: dying, target, batchSize: 3, recheck })).rejects.toThrow(
        "killed before the re-check",
      );
      const checkpoint = await readBackfillCheckpoint(target);
      expect(checkpoint?.after).toEqual(keyOf(2));
      expect(checkpoint?.batchFrom).toBeNull();
      expect(await target.readSnapshot(keyOf(1))).not.toBeNull(); // resurrected by the batch

      const resumed = await backfill({ source: base, target, batchSize: 3, recheck });
      expect(resumed.resumed).toBe(true);
      expect(resumed.done).toBe(true);
      expect(await target.readSnapshot(keyOf(1))).toBeNull();
      if (recheck === "full") {
        expect((await target.readSnapshot(keyOf(2)))?.lastSeq).toBe(2);
        expect((await verify({ legacy: base, target })).ok).toBe(true);
      }
      expect((await target.scanSessions({ limit: 100 })).map((k) => k.sessionId)).toEqual([
        "s0",
        "s2",
        "s3",
        "s4",
        "s5",
      ]);
    });
  }

  it("a resume after a clean interruption re-checks nothing it need not change", async () => {
    const legacy = new MemoryRepository();
    const target = new MemoryRepository();
    await seed(legacy, 9);
    const source = repositorySource(legacy, "legacy");
    const controller = new AbortController();
    const first = await backfill({
      source,
      target,
      batchSize: 3,
      signal: controller.signal,
      onProgress: () => controller.abort(),
      progressIntervalMs: 0,
    });
    expect(first.interrupted).toBe(true);
    const cp = await readBackfillCheckpoint(target);
    expect(cp?.batchFrom).toBeNull();
    const second = await backfill({ source, target, batchSize: 3 });
    expect(second.resumed).toBe(true);
    expect(second.recopied).toBe(0);
    expect(second.sessions).toBe(9);
    expect((await verify({ legacy: source, target })).ok).toBe(true);
  });
});
