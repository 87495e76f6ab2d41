import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSnippet } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "snippet-getting-started-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/getting-started.md snippet", () => {
  it("creates, appends and reads back with scoped state, printing what the guide says", () => {
    const out = runSnippet("getting-started", dir);
    expect(out).toBe(
      "{ step: 2, 'app:greeted': true, 'user:lang': 'en' } [ '1:user', '2:system' ]\n",
    );
    expect(existsSync(join(dir, "data", "sessions.db"))).toBe(true);
  });

  it("runs again on the same database: the session is reused, not created twice", () => {
    const out = runSnippet("getting-started", dir);
    expect(out).toBe(
      "{ step: 2, 'app:greeted': true, 'user:lang': 'en' } [ '1:user', '2:system', '3:user', '4:system' ]\n",
    );
  });
});
