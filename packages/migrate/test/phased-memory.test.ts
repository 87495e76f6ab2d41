import { MemoryRepository, type SessionRepository } from "@sessionkit/core";
import {
  type BackfillResult,
  backfill,
  countDrift,
  createPhasedRepository,
  exportToLegacy,
  type Phase,
  readDrift,
  repair,
  repositorySource,
  setMigrationPhase,
  snapshotHash,
  verify,
} from "@sessionkit/migrate";
import { describe, expect, it } from "vitest";
import { faultyRepository, seeded } from "./support/faulty-repository.js";

const key = { appName: "app", userId: "u1", sessionId: "s1" };

async function setup(phase: Phase) {
  const legacy = new MemoryRepository();
  const target = new MemoryRepository();
  await setMigrationPhase(target, phase);
  const repo = createPhasedRepository({ legacy, target, refreshIntervalMs: 0, closeStores: false });
  return { legacy, target, repo };
}

async function seedLegacy(legacy: SessionRepository, sessions: number, events: number) {
  for (let s = 0; s < sessions; s++) {
    const k = { appName: "app", userId: `u${s % 7}`, sessionId: `s${s}` };
    await legacy.createSession(k, { state: { n: s, "user:seen": true } });
    for (let e = 0; e < events; e++) {
      await legacy.appendEvent(k, {
        author: "user",
        content: { text: `m${e}` },
        stateDelta: { last: e },
      });
    }
  }
  await legacy.setMeta("app-setting", { x: 1 });
}

describe("phased repository (memory stores)", () => {
  it("foundation writes legacy only", async () => {
    const { legacy, target, repo } = await setup("foundation");
    await repo.createSession(key);
    await repo.appendEvent(key, { author: "u", content: "hi" });
    expect(await legacy.readSnapshot(key)).not.toBeNull();
    expect(await target.readSnapshot(key)).toBeNull();
  });

  it("dual-write mirrors byte-identical sessions and scopes", async () => {
    const { legacy, target, repo } = await setup("dual-write");
    await repo.createSession(key, { state: { a: 1, "app:theme": "dark" } });
    await repo.appendEvents(key, [
      { author: "u", content: "one" },
      { author: "a", content: { t: 2 }, stateDelta: { "user:lang": "en", b: 2 } },
    ]);
    await repo.updateState(key, { c: 3 });
    await repo.expireSession(key);
    const l = await legacy.readSnapshot(key);
    const t = await target.readSnapshot(key);
    expect(l).not.toBeNull();
    expect(snapshotHash(t!)).toBe(snapshotHash(l!));
    expect(await target.getAppState({ appName: "app" })).toEqual({ theme: "dark" });
    expect(await target.getUserState({ appName: "app", userId: "u1" })).toEqual({ lang: "en" });
    await repo.deleteSession(key);
    expect(await target.readSnapshot(key)).toBeNull();
  });

  it("dual-write transactions mirror every touched session after commit", async () => {
    const { target, repo } = await setup("dual-write");
    await repo.transaction(async (tx) => {
      await tx.createSession(key);
      await tx.createSession({ ...key, sessionId: "s2" });
      await tx.appendEvent({ ...key, sessionId: "s2" }, { author: "u", content: 1 });
    });
    expect((await target.readSnapshot({ ...key, sessionId: "s2" }))?.lastSeq).toBe(1);
  });

  it("target-primary writes target first and legacy as backup; target-only never writes legacy", async () => {
    const tp = await setup("target-primary");
    await tp.repo.createSession(key);
    await tp.repo.appendEvent(key, { author: "u", content: "x" });
    expect(snapshotHash((await tp.legacy.readSnapshot(key))!)).toBe(
      snapshotHash((await tp.target.readSnapshot(key))!),
    );
    const to = await setup("target-only");
    await to.repo.createSession(key);
    expect(await to.legacy.readSnapshot(key)).toBeNull();
    expect(await to.target.readSnapshot(key)).not.toBeNull();
  });

  it("hides and protects the migrator's meta names", async () => {
    const { repo } = await setup("target-primary");
    await repo.setMeta("mine", 1);
    expect((await repo.listMeta("")).map((e) => e.name)).toEqual(["mine"]);
    await expect(repo.setMeta("sessionkit-migrate:record", 1)).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
  });

  it("follows a phase change recorded by another party", async () => {
    const legacy = new MemoryRepository();
    const target = new MemoryRepository();
    await setMigrationPhase(target, "foundation");
    const repo = createPhasedRepository({
      legacy,
      target,
      refreshIntervalMs: 0,
      closeStores: false,
    });
    expect(await repo.currentPhase()).toBe("foundation");
    await setMigrationPhase(target, "dual-write");
    expect(await repo.currentPhase()).toBe("dual-write");
  });

  it("shadow reads record mismatches with detail", async () => {
    const legacy = new MemoryRepository();
    const target = new MemoryRepository();
    await setMigrationPhase(target, "dual-write");
    const seen: unknown[] = [];
    const repo = createPhasedRepository({
      legacy,
      target,
      refreshIntervalMs: 0,
      shadowReadRate: 1,
      closeStores: false,
      onShadowMismatch: (m) => seen.push(m),
    });
    await repo.createSession(key);
    await repo.getSession(key);
    await repo.flushShadowReads();
    expect(seen).toHaveLength(0);
    await legacy.appendEvent(key, { author: "u", content: "only in legacy" });
    await repo.getSession(key);
    await repo.flushShadowReads();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      operation: "getSession",
      path: expect.stringMatching(/events|lastSeq|revision|updatedAt/),
    });
    const status = await repo.migrationStatus();
    expect(status.shadow).toMatchObject({ compared: 2, matched: 1, mismatched: 1 });
  });

  it("dual-write with injected target failures: callers succeed, journal holds every failure, repair makes verify clean", async () => {
    const legacy = new MemoryRepository();
    const realTarget = new MemoryRepository();
    await setMigrationPhase(realTarget, "dual-write");
    const target = faultyRepository(realTarget, 0.3, seeded(7));
    const repo = createPhasedRepository({
      legacy,
      target,
      refreshIntervalMs: 0,
      closeStores: false,
    });
    for (let i = 0; i < 40; i++) {
      const k = { appName: "app", userId: `u${i % 3}`, sessionId: `s${i}` };
      await repo.createSession(k, { state: { "user:n": i } });
      await repo.appendEvent(k, { author: "u", content: i });
      if (i % 5 === 0) await repo.deleteSession(k);
    }
    expect(target.failures).toBeGreaterThan(0);
    expect(await countDrift(realTarget)).toBe(target.failures);
    const before = await verify({ legacy: repositorySource(legacy, "legacy"), target: realTarget });
    expect(before.ok).toBe(false);
    const fixed = await repair({
      legacy: repositorySource(legacy, "legacy"),
      legacyRepository: legacy,
      target: realTarget,
      truth: "legacy",
    });
    expect(fixed.report.ok).toBe(true);
    expect(await countDrift(realTarget)).toBe(0);
    let n = 0;
    for await (const _ of readDrift(realTarget)) n++;
    expect(n).toBe(0);
  });
});

describe("backfill, verify, export (memory stores)", () => {
  it("copies everything, is idempotent, and resumes after an interruption", async () => {
    const legacy = new MemoryRepository();
    const target = new MemoryRepository();
    await seedLegacy(legacy, 30, 5);
    const source = repositorySource(legacy, "legacy");
    const controller = new AbortController();
    let batches = 0;
    const first = await backfill({
      source,
      target,
      batchSize: 4,
      signal: controller.signal,
      onProgress: () => {
        if (++batches === 2) controller.abort();
      },
      progressIntervalMs: 0,
    });
    expect(first.interrupted).toBe(true);
    expect(first.done).toBe(false);
    const second: BackfillResult = await backfill({ source, target, batchSize: 4 });
    expect(second.resumed).toBe(true);
    expect(second.done).toBe(true);
    expect(second.sessions).toBe(30);
    expect(second.events).toBe(150);
    const report = await verify({ legacy: source, target });
    expect(report.ok).toBe(true);
    expect(report.users).toHaveLength(7);
    expect(await target.getMeta("app-setting")).toEqual({ x: 1 });
    const third = await backfill({ source, target });
    expect(third.written).toBe(0);
    expect(third.skipped).toBe(30);
  });

  it("never overwrites a newer target copy", async () => {
    const legacy = new MemoryRepository();
    const target = new MemoryRepository();
    await legacy.createSession(key);
    const snap = (await legacy.readSnapshot(key))!;
    await target.writeSnapshot({ ...snap, revision: 5 }, { mode: "replace" });
    const r = await backfill({ source: repositorySource(legacy, "l"), target });
    expect(r.skipped).toBe(1);
    expect((await target.readSnapshot(key))?.revision).toBe(5);
  });

  it("re-copies a session that changes in legacy during its copy", async () => {
    const legacy = new MemoryRepository();
    const target = new MemoryRepository();
    await legacy.createSession(key);
    const base = repositorySource(legacy, "l");
    let changed = false;
    const source = {
      ...base,
      async *sessions(options?: { after?: typeof key }) {
        for await (const s of base.sessions(options)) {
          yield s;
          if (!changed) {
            changed = true; // the application writes legacy only (dual-write not yet seen)
            await legacy.appendEvent(key, { author: "u", content: "late" });
          }
        }
      },
    };
    const r = await backfill({ source, target });
    expect(r.recopied).toBe(1);
    expect((await target.readSnapshot(key))?.lastSeq).toBe(1);
    expect((await verify({ legacy: base, target })).ok).toBe(true);
  });

  it("export writes the target back into the legacy layout; verify is clean", async () => {
    const legacy = new MemoryRepository();
    const target = new MemoryRepository();
    await seedLegacy(target, 10, 3);
    await legacy.createSession({ appName: "app", userId: "gone", sessionId: "x" });
    const dry = await exportToLegacy({ target, legacy, dryRun: true });
    expect(dry).toMatchObject({ sessions: 10, written: 10, events: 30 });
    const r = await exportToLegacy({ target, legacy });
    expect(r.sessions).toBe(10);
    expect(r.events).toBe(30);
    expect(r.deleted).toBe(1);
    expect((await verify({ legacy: repositorySource(legacy, "l"), target })).ok).toBe(true);
  });
});

describe("failure paths (memory stores)", () => {
  it("journals to the local file when the target cannot record drift, and repair drains it", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { readLocalDrift } = await import("@sessionkit/migrate");
    const dir = mkdtempSync(join(tmpdir(), "sk-local-journal-"));
    try {
      const legacy = new MemoryRepository();
      const realTarget = new MemoryRepository();
      await setMigrationPhase(realTarget, "dual-write");
      let down = false;
      // The target is "down": every write, including the journal's setMeta, fails.
      const target = new Proxy(realTarget, {
        get(t, prop, receiver) {
          const v = Reflect.get(t, prop, receiver);
          if (typeof v !== "function") return v;
          return (...args: unknown[]) =>
            down &&
            ["writeSnapshot", "deleteSession", "writeScopedState", "setMeta"].includes(String(prop))
              ? Promise.reject(new Error("target unreachable"))
              : (v as (...a: unknown[]) => unknown).apply(t, args);
        },
      });
      const localJournalPath = join(dir, "drift.jsonl");
      const repo = createPhasedRepository({
        legacy,
        target,
        refreshIntervalMs: 60_000,
        closeStores: false,
        localJournalPath,
        onWarning: () => {},
      });
      await repo.createSession(key);
      down = true;
      await repo.appendEvent(key, { author: "u", content: "while the target is down" });
      await repo.updateState(key, { "app:x": 1 });
      const entries = await readLocalDrift(localJournalPath);
      expect(entries.map((e) => [e.side, e.operation])).toEqual([
        ["target", "appendEvent"],
        ["target", "updateState"],
        ["target", "updateState"],
      ]);
      down = false;
      const fixed = await repair({
        legacy: repositorySource(legacy, "legacy"),
        legacyRepository: legacy,
        target: realTarget,
        truth: "legacy",
        localJournals: [localJournalPath],
      });
      expect(fixed.localJournalEntries).toBe(3);
      expect(fixed.report.ok).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("target-primary falls back to legacy reads only while the legacy copy is complete", async () => {
    const legacy = new MemoryRepository();
    const realTarget = new MemoryRepository();
    await setMigrationPhase(realTarget, "target-primary");
    let unavailable = false;
    const { SessionKitError } = await import("@sessionkit/core");
    const busy = new Proxy(realTarget, {
      get(t, prop, receiver) {
        const v = Reflect.get(t, prop, receiver);
        if (typeof v !== "function" || !["getSession"].includes(String(prop))) return v;
        return (...args: unknown[]) =>
          unavailable
            ? Promise.reject(
                new SessionKitError({
                  code: "BUSY",
                  adapter: "t",
                  operation: "getSession",
                  problem: "locked",
                }),
              )
            : (v as (...a: unknown[]) => unknown).apply(t, args);
      },
    });
    const repo = createPhasedRepository({
      legacy,
      target: busy,
      refreshIntervalMs: 0,
      closeStores: false,
    });
    await repo.createSession(key);
    await repo.appendEvent(key, { author: "u", content: 1 });
    unavailable = true;
    expect((await repo.getSession(key))?.lastSeq).toBe(1); // served by the complete legacy copy
    expect((await repo.migrationStatus()).fallbackReads).toBe(1);
    // With backup writes off, legacy is no longer known complete: the error surfaces.
    unavailable = false;
    const { readMigrationRecord, writeMigrationRecord } = await import("@sessionkit/migrate");
    const record = (await readMigrationRecord(realTarget))!;
    await writeMigrationRecord(realTarget, {
      ...record,
      legacyBackupWrites: false,
      legacyComplete: false,
    });
    unavailable = true;
    await expect(repo.getSession(key)).rejects.toMatchObject({ code: "BUSY" });
  });
});
