import { createJsonFileRepository } from "@sessionkit/json-file-store";
import { repositorySource } from "@sessionkit/migrate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, json, startWriter } from "./support/cli.js";
import { legacyFixture } from "./support/store.js";

type Fixture = Awaited<ReturnType<typeof legacyFixture>>;

interface ExportOutput {
  export: { sessions: number; events: number };
  verify: { ok: boolean; totals: { target: { sessions: number; events: number } } };
  snapshot: { takenAt: number; sessions: number; events: number; bytes: number } | null;
}

// `export` while the application keeps writing: the export reads one consistent snapshot of the
// target, reports it, and verifies the exported copy against that snapshot.
describe("sessionkit-migrate export while the application writes", () => {
  let fx: Fixture;
  let target: string[];
  beforeAll(async () => {
    fx = await legacyFixture(150, 10);
    target = ["--target", `sqlite:${fx.db()}`, "--refresh-ms", "100"];
    const init = await cli("init", "--dual-write", "--legacy", `json:${fx.legacyRoot}`, ...target);
    expect(init.code, init.stderr).toBe(0);
    expect((await cli("backfill", ...target)).code).toBe(0);
    expect((await cli("cutover", ...target)).code).toBe(0); // → target-primary
  });
  afterAll(() => fx.remove());

  it("exports one consistent snapshot, reports its position and verifies against it", async () => {
    const writer = await startWriter({ legacyRoot: fx.legacyRoot, db: fx.db(), refreshMs: 100 });
    let r: Awaited<ReturnType<typeof cli>>;
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      r = await cli("export", "--to", `json:${fx.dir}/exported`, ...target, "--json");
    } finally {
      const activity = await writer.stop();
      expect(activity.errors).toBe(0);
    }
    expect(r.code, `${r.stderr}\n${r.stdout.slice(0, 1500)}`).toBe(0);
    const out = json<ExportOutput>(r);
    expect(out.verify.ok).toBe(true);
    expect(out.snapshot).not.toBeNull();
    const snapshot = out.snapshot as NonNullable<ExportOutput["snapshot"]>;
    expect(snapshot.sessions).toBe(out.export.sessions);
    expect(snapshot.events).toBe(out.verify.totals.target.events);
    expect(snapshot.takenAt).toBeGreaterThan(0);

    // The exported copy holds exactly the snapshot.
    const exported = await createJsonFileRepository({ root: `${fx.dir}/exported` });
    let sessions = 0;
    let events = 0;
    for await (const s of repositorySource(exported, "exported").sessions()) {
      sessions++;
      events += s.events.length;
    }
    await exported.close();
    expect({ sessions, events }).toEqual({ sessions: snapshot.sessions, events: snapshot.events });

    r = await cli("export", "--to", `json:${fx.dir}/exported`, ...target);
    expect(r.stdout).toMatch(
      /from a consistent snapshot of the target taken at \S+ \(\d+ sessions, \d+ events\)/,
    );
  });
});
