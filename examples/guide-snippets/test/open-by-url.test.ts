import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSnippet } from "./run.js";

const dir = mkdtempSync(join(tmpdir(), "snippet-open-by-url-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/choosing-an-adapter.md snippet (openRepository by URL)", () => {
  const cases: [url: string | undefined, search: string, persistent: boolean][] = [
    [undefined, "fulltext", true], // the default: sqlite:./data/sessions.db
    ["memory:", "scan", false],
    ["file:./data/libsql.db", "fulltext", true],
    ["json:./legacy?create", "scan", true],
  ];
  for (const [url, search, persistent] of cases) {
    it(`opens ${url ?? "the default URL"} and prints its capabilities`, () => {
      const out = runSnippet("open-by-url", dir, url ? { SESSIONKIT_URL: url } : {});
      expect(out).toContain(`search: '${search}'`);
      expect(out).toContain(`persistent: ${persistent}`);
    });
  }
});
