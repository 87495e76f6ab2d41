import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN } from "./helpers/cli.js";
import { seedStore } from "./helpers/seed.js";
import { SQLITE, withRepo } from "./helpers/stores.js";
import { tempDir } from "./helpers/temp-dir.js";

const ESC = "\u001b[";

/** Runs the CLI inside a pseudo-terminal (util-linux `script`), so stdout is a TTY. */
function runInTerminal(args: string[], env: Record<string, string> = {}): string {
  const command = [process.execPath, BIN, ...args]
    .map((part) => `'${part.replaceAll("'", "'\\''")}'`)
    .join(" ");
  const cleanEnv: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm-256color", ...env };
  delete cleanEnv.FORCE_COLOR;
  if (!("NO_COLOR" in env)) delete cleanEnv.NO_COLOR;
  return execFileSync("script", ["-qec", command, "/dev/null"], {
    env: cleanEnv,
    encoding: "utf8",
  });
}

let hasScript = true;
try {
  execFileSync("script", ["--version"], { stdio: "ignore" });
} catch {
  hasScript = false;
}

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
    expect(runInTerminal(args())).toContain(ESC);
  });

  it("are never used with NO_COLOR, --no-color or --json", () => {
    expect(runInTerminal(args(), { NO_COLOR: "1" })).not.toContain(ESC);
    expect(runInTerminal([...args(), "--no-color"])).not.toContain(ESC);
    expect(runInTerminal([...args(), "--json"])).not.toContain(ESC);
  });

  it("a purge on a terminal draws a progress bar on stderr", () => {
    const output = runInTerminal(["purge", "--db", db]);
    expect(output).toContain("Purging");
    expect(output).toContain("Purged 2 expired sessions.");
  });
});
