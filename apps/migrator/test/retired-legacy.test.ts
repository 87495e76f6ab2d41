import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { isSessionKitError } from "@sessionkit/core";
import { ExitCode } from "@sessionkit/core/cli";
import {
  createJsonFileRepository,
  readStoreRetirement,
  reinstateJsonStore,
} from "@sessionkit/json-file-store";
import { StoreLayout } from "@sessionkit/json-file-store/format";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, json, startCli } from "./support/cli.js";
import { legacyFixture } from "./support/store.js";

type Fixture = Awaited<ReturnType<typeof legacyFixture>>;

const LATE = { appName: "late-app", userId: "u1", sessionId: "after-finalize" };

// Issue 14 item 10: after finalize the legacy JSON root refuses every write (RETIRED, naming the
// target); rollback reinstates it before anything writes into it, and a rollback that fails
// half-way says what state it left and what to run.
describe("sessionkit-migrate: finalize retires the legacy root, rollback reinstates it", () => {
  let fx: Fixture;
  let successor: string;
  const run = (...args: string[]): Promise<CliResult> =>
    startCli([...args, "--refresh-ms", "100"], { SESSIONKIT_MIGRATE_TARGET: successor }).done;
  const ok = async (...args: string[]) => {
    const r = await run(...args, "--json");
    expect(r.code, `${args.join(" ")}: ${r.stderr}${r.stdout.slice(0, 600)}`).toBe(0);
    return json(r);
  };
  /**
   * Creates a session in the legacy root through the JSON store and deletes it again (so legacy
   * and target stay equal); the error when a write fails, else null.
   */
  const writeLegacy = async (sessionId: string): Promise<unknown> => {
    const repo = await createJsonFileRepository({ root: fx.legacyRoot });
    try {
      const key = { appName: "late-app", userId: "u1", sessionId };
      await repo.createSession(key);
      await repo.deleteSession(key);
      return null;
    } catch (error) {
      return error;
    } finally {
      await repo.close();
    }
  };

  beforeAll(async () => {
    fx = await legacyFixture(30, 5);
    successor = `sqlite:${fx.db()}`;
    await ok("init", "--legacy", `json:${fx.legacyRoot}`);
    await ok("cutover");
    await ok("backfill");
    await ok("cutover");
  });
  afterAll(() => fx.remove());

  it("after finalize, a write into the legacy root fails with RETIRED naming the new store; status names it", async () => {
    const done = await ok("finalize", "--archive", `${fx.dir}/legacy.tar.gz`);
    expect(done).toMatchObject({ finalized: true, retired: { successor } });
    expect(await readStoreRetirement(fx.legacyRoot)).toMatchObject({ successor });

    const error = await writeLegacy("refused");
    expect(isSessionKitError(error) && error.code).toBe("RETIRED");
    expect((error as Error).message).toContain(`its sessions live in ${successor}`);
    expect((error as Error).message).toContain(`--db ${successor}`);

    expect(await ok("status")).toMatchObject({
      record: { phase: "target-only" },
      legacyStore: { root: fx.legacyRoot, retired: true, successor },
    });
    const text = await run("status");
    expect(text.stdout).toMatch(/retired {5}yes, since .*: writes to .* are refused/);
    expect(text.stdout).toContain(`the sessions live in ${successor}`);
  });

  it("finalize again retires a legacy root that was made writable behind its back", async () => {
    await reinstateJsonStore(fx.legacyRoot);
    expect((await run("status")).stdout).toContain("run `sessionkit-migrate finalize` again");
    expect(await ok("finalize")).toMatchObject({ alreadyFinalized: true, retired: { successor } });
    const error = await writeLegacy("refused-again");
    expect(isSessionKitError(error) && error.code).toBe("RETIRED");
  });

  it("a rollback --export that fails after reinstating says what state it left and what to run; then writes work", async () => {
    // A session the application created after finalize, only in the target: the export must
    // write it into the legacy root, which it can only do once the root is reinstated.
    const target = createSqliteRepository({ path: fx.db() });
    await target.createSession(LATE, { state: { step: 1 } });
    await target.close();
    // Block the export: a directory where the session's file belongs.
    const file = new StoreLayout(fx.legacyRoot).sessionFile(
      LATE.appName,
      LATE.userId,
      LATE.sessionId,
    );
    mkdirSync(file, { recursive: true });
    writeFileSync(`${file}/blocker`, "x");

    const failed = await run("rollback", "--export");
    expect(failed.code, failed.stderr).toBe(ExitCode.FAILED);
    expect(failed.stderr).toContain(
      `rollback stopped half-way: the legacy root json:${fx.legacyRoot} is writable again`,
    );
    expect(failed.stderr).toContain(`\`sessionkit-migrate export --to json:${fx.legacyRoot}\``);
    expect(await readStoreRetirement(fx.legacyRoot)).toBeNull();
    expect(await ok("status")).toMatchObject({
      record: { phase: "target-primary", legacyBackupWrites: true, legacyComplete: false },
      legacyStore: { retired: false },
    });

    // What the warning says: complete the legacy copy and stay in target-primary.
    rmSync(file, { recursive: true });
    expect(await ok("export", "--to", `json:${fx.legacyRoot}`)).toMatchObject({
      verify: { ok: true },
    });
    expect(await ok("status")).toMatchObject({
      record: { phase: "target-primary", legacyComplete: true },
      legacyStore: { retired: false },
    });
    const legacy = await createJsonFileRepository({ root: fx.legacyRoot });
    try {
      expect((await legacy.getSession(LATE))?.state).toMatchObject({ step: 1 });
    } finally {
      await legacy.close();
    }
    expect(await writeLegacy("after-rollback")).toBeNull();
  });

  it("rollback --export straight after finalize reinstates the root before it exports; writes work again", async () => {
    expect(await ok("rollback")).toMatchObject({ from: "target-primary", to: "dual-write" });
    expect(await ok("cutover")).toMatchObject({ to: "target-primary" });
    expect(await ok("finalize")).toMatchObject({ finalized: true, retired: { successor } });
    expect(await writeLegacy("refused-third")).toMatchObject({ code: "RETIRED" });
    const back = await ok("rollback", "--export");
    expect(back).toMatchObject({
      from: "target-only",
      to: "target-primary",
      checks: { reinstated: true, verify: { ok: true } },
    });
    expect(await readStoreRetirement(fx.legacyRoot)).toBeNull();
    expect(await writeLegacy("after-second-rollback")).toBeNull();
    expect(await ok("status")).toMatchObject({
      record: { phase: "target-primary" },
      legacyStore: { retired: false },
    });
  });
});
