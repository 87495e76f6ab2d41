import type { SessionKey } from "@sessionkit/core";
import { ExitCode } from "@sessionkit/core/cli";
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, json } from "./support/cli.js";
import { legacyFixture } from "./support/store.js";

type Fixture = Awaited<ReturnType<typeof legacyFixture>>;

interface InitResult {
  initialized: boolean;
  warnings: string[];
}

interface VerifyResult {
  mismatches: Array<{ kind: string; key: { sessionId: string } }>;
}

// `init` on a target that already holds sessions warns (stderr, and `warnings` with --json)
// without failing, and says what backfill will do with those sessions — which the test checks.
describe("sessionkit-migrate init on a target that already holds sessions", () => {
  let fx: Fixture;
  const FOREIGN = ["foreign-1", "foreign-2", "foreign-3"];
  let shared: SessionKey;
  beforeAll(async () => {
    fx = await legacyFixture(10, 3);
    const sqlite = createSqliteRepository({ path: fx.db("occupied.db") });
    for (const sessionId of FOREIGN)
      await sqlite.createSession({ appName: "other-app", userId: "u", sessionId });
    // A legacy session's key, held by the target with other content and a higher revision.
    const legacy = await createJsonFileRepository({ root: fx.legacyRoot });
    shared = (await legacy.scanSessions({ limit: 1 }))[0] as SessionKey;
    const legacyRevision = (await legacy.readSnapshot(shared))?.revision ?? 0;
    await legacy.close();
    await sqlite.createSession(shared, { state: { mine: true } });
    while (((await sqlite.readSnapshot(shared))?.revision ?? 0) <= legacyRevision)
      await sqlite.updateState(shared, { mine: true });
    await sqlite.close();
  });
  afterAll(() => fx.remove());

  it("an empty target: no warning", async () => {
    const r = await cli(
      "init",
      "--legacy",
      `json:${fx.legacyRoot}`,
      "--target",
      `sqlite:${fx.db("empty.db")}`,
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(json<InitResult>(r)).toMatchObject({ initialized: true, warnings: [] });
    expect(r.stderr).not.toContain("warning:");
  });

  it("warns with the count and what backfill does, initialises anyway; backfill keeps them", async () => {
    const url = `sqlite:${fx.db("occupied.db")}`;
    const base = ["--legacy", `json:${fx.legacyRoot}`, "--target", url];
    let r = await cli("init", "--dry-run", ...base);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`warning: target ${url} already holds 4 sessions`);

    r = await cli("init", "--dual-write", ...base, "--json");
    expect(r.code, r.stderr).toBe(0);
    const result = json<InitResult>(r);
    expect(result.initialized).toBe(true);
    expect(result.warnings).toHaveLength(1);
    const warning = result.warnings[0] as string;
    expect(warning).toContain(`target ${url} already holds 4 sessions`);
    expect(warning).toContain("same or higher");
    expect(warning).toContain("only in the target in place");
    expect(r.stderr).toContain(warning);

    // What the warning promised: the target's own sessions survive the backfill, and verify
    // reports them.
    expect((await cli("backfill", "--target", url)).code).toBe(0);
    const sqlite = createSqliteRepository({ path: fx.db("occupied.db") });
    const kept = await sqlite.listSessions({ appName: "other-app", userId: "u" });
    const sharedCopy = await sqlite.getSession(shared);
    await sqlite.close();
    expect(kept.sessions.map((s) => s.id).sort()).toEqual(FOREIGN);
    expect(sharedCopy?.state).toMatchObject({ mine: true });
    r = await cli("verify", "--target", url, "--json");
    expect(r.code).toBe(ExitCode.MISMATCH);
    const report = json<VerifyResult>(r);
    expect(
      report.mismatches
        .filter((s) => s.kind === "missing-in-legacy")
        .map((s) => s.key.sessionId)
        .sort(),
    ).toEqual(FOREIGN);
    expect(report.mismatches).toContainEqual(
      expect.objectContaining({ kind: "content", key: shared }),
    );

    // Re-running init on the now-initialised target changes nothing and does not warn again.
    r = await cli("init", ...base);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("already initialised");
    expect(r.stderr).not.toContain("warning:");
  });
});
