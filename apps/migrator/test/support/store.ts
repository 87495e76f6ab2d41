import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateLegacyStore } from "@sessionkit/sample-data";

/** A fresh temp directory with a generated legacy store in `legacy/`. */
export async function legacyFixture(sessions = 120, eventsPerSession = 20) {
  const dir = mkdtempSync(join(tmpdir(), "sk-migrator-"));
  const legacyRoot = join(dir, "legacy");
  const generated = await generateLegacyStore({
    dir: legacyRoot,
    sessions,
    eventsPerSession,
    users: 12,
    apps: 2,
    seed: "migrator-tests",
  });
  return {
    dir,
    legacyRoot,
    generated,
    db: (name = "target.db") => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
