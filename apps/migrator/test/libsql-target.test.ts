import { describe, expect, it } from "vitest";
import { cli, json } from "./support/cli.js";
import { legacyFixture } from "./support/store.js";

// The same commands against a libSQL target (embedded file: URL through @sessionkit/libsql).
describe("sessionkit-migrate with a libSQL target", () => {
  it("init → backfill → verify → cutover → export round trip on file:", async () => {
    const fx = await legacyFixture(40, 8);
    try {
      const target = ["--target", `file:${fx.db("target.libsql.db")}`, "--refresh-ms", "100"];
      expect(
        (await cli("init", "--dual-write", "--legacy", `json:${fx.legacyRoot}`, ...target)).code,
      ).toBe(0);
      let r = await cli("backfill", ...target, "--json");
      expect(r.code, r.stderr).toBe(0);
      expect(json(r)).toMatchObject({ sessions: 40, done: true });
      r = await cli("verify", ...target, "--json");
      expect(r.code, r.stdout.slice(0, 800)).toBe(0);
      expect((await cli("cutover", ...target)).code).toBe(0);
      r = await cli("export", "--to", `json:${fx.dir}/exported`, ...target, "--json");
      expect(r.code, r.stderr).toBe(0);
      expect(json(r)).toMatchObject({ export: { sessions: 40 }, verify: { ok: true } });
    } finally {
      fx.remove();
    }
  });
});
