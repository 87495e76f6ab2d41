import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedStore } from "./helpers/seed.js";
import { SQLITE, withRepo } from "./helpers/stores.js";
import { tempDir } from "./helpers/temp-dir.js";
import { hasScript, runInTerminal } from "./helpers/terminal.js";

const ESC = "\u001b[";

describe.skipIf(!hasScript)("colours (needs util-linux `script` for a pseudo-terminal)", () => {
  let remove: () => Promise<void>;
  let db: string;
  beforeAll(async () => {
    const temp = await tempDir();
    remove = temp.remove;
    db = SQLITE.url(temp.dir);
    await withRepo(SQLITE, db, (repo) => seedStore(repo));
  });
  afterAll(async () => {
    await remove();
  });

  const args = () => ["sessions", "list", "--app", "support", "--db", db];

  it("are used on a terminal", () => {
    expect(runInTerminal(args()).output).toContain(ESC);
  });

  it("are never used with NO_COLOR, --no-color or --json", () => {
    expect(runInTerminal(args(), { NO_COLOR: "1" }).output).not.toContain(ESC);
    expect(runInTerminal([...args(), "--no-color"]).output).not.toContain(ESC);
    expect(runInTerminal([...args(), "--json"]).output).not.toContain(ESC);
  });

  it("a purge on a terminal draws a progress bar on stderr", () => {
    const { output } = runInTerminal(["purge", "--yes", "--db", db]);
    expect(output).toContain("Purging");
    expect(output).toContain("Purged 2 expired sessions.");
  });
});
