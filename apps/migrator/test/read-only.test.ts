import { existsSync } from "node:fs";
import { join } from "node:path";
import { ExitCode } from "@sessionkit/core/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, json, jsonError } from "./support/cli.js";
import { legacyFixture } from "./support/store.js";

type Fixture = Awaited<ReturnType<typeof legacyFixture>>;
const NOT_FOUND = ExitCode.NOT_FOUND;

// Read-only commands (status, plan, verify) and dry runs never create or migrate a store: a
// missing store is a not-found error with its own exit code. Only `init` creates the target.
describe("sessionkit-migrate read-only commands on missing stores", () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await legacyFixture(10, 4);
  });
  afterAll(() => fx.remove());

  for (const scheme of ["sqlite", "file"] as const) {
    it(`status and verify on a missing ${scheme}: target exit ${NOT_FOUND} and create nothing`, async () => {
      const dir = join(fx.dir, `nonexistent-${scheme}`, "dir");
      const url = `${scheme}:${join(dir, "s.db")}`;
      for (const args of [
        ["status", "--target", url],
        ["verify", "--target", url, "--legacy", `json:${fx.legacyRoot}`],
      ]) {
        const r = await cli(...args, "--json");
        expect(r.code, `${args[0]}: ${r.stderr}`).toBe(NOT_FOUND);
        expect(jsonError(r).error).toMatchObject({ code: "NOT_FOUND", exitCode: NOT_FOUND });
        expect(r.stderr).toContain("does not exist");
        expect(r.stderr).toContain("sessionkit-migrate init");
        expect(existsSync(dir), `${args[0]} created ${dir}`).toBe(false);
      }
    });
  }

  it("plan with a target that does not exist yet counts the legacy store and creates nothing", async () => {
    const dir = join(fx.dir, "not-yet");
    const r = await cli(
      "plan",
      "--legacy",
      `json:${fx.legacyRoot}`,
      "--target",
      `sqlite:${join(dir, "s.db")}`,
      "--json",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(json(r)).toMatchObject({ sessions: 10, phase: null, targetExists: false });
    expect(existsSync(dir)).toBe(false);
  });

  it("a missing legacy root is not found too; init --dry-run creates nothing, init creates", async () => {
    const db = join(fx.dir, "created", "s.db");
    const target = ["--target", `sqlite:${db}`];
    let r = await cli("init", "--dry-run", "--legacy", `json:${fx.legacyRoot}`, ...target);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(db)).toBe(false);
    r = await cli("init", "--legacy", `json:${fx.legacyRoot}`, ...target);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(db)).toBe(true);
    r = await cli("verify", ...target, "--legacy", `json:${join(fx.dir, "no-legacy")}`, "--json");
    expect(r.code, r.stderr).toBe(NOT_FOUND);
    expect(existsSync(join(fx.dir, "no-legacy"))).toBe(false);
    expect((await cli("status", ...target)).code).toBe(0);
  });

  it("writing commands other than init do not create a missing target either (exit 3)", async () => {
    const dir = join(fx.dir, "never-created");
    const url = `sqlite:${join(dir, "s.db")}`;
    const legacy = ["--legacy", `json:${fx.legacyRoot}`];
    for (const args of [
      ["backfill", "--offline"],
      ["cutover"],
      ["repair"],
      ["finalize"],
      ["rollback"],
      ["export", "--to", `json:${join(fx.dir, "export-out")}`],
    ]) {
      const r = await cli(...args, ...legacy, "--target", url);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(NOT_FOUND);
      expect(existsSync(dir), `${args[0]} created ${dir}`).toBe(false);
    }
  });
});
