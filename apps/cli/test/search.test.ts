import type { SearchHit } from "@sessionkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runJson } from "./helpers/cli.js";
import { seedStore } from "./helpers/seed.js";
import { STORE_KINDS, withRepo } from "./helpers/stores.js";
import { tempDir } from "./helpers/temp-dir.js";

describe.each(STORE_KINDS)("search on $name", (kind) => {
  let remove: () => Promise<void>;
  let db: string;
  beforeAll(async () => {
    const temp = await tempDir();
    remove = temp.remove;
    db = kind.url(temp.dir);
    await withRepo(kind, db, (repo) => seedStore(repo));
  });
  afterAll(async () => {
    await remove();
  });

  const hitsOf = async (args: string[]) =>
    (await runJson<{ hits: SearchHit[] }>(["search", ...args, "--db", db])).hits;

  it("finds events containing every term, in the app only, as a table with snippets", async () => {
    const result = await runCli(["search", "invoice", "--app", "support", "--db", db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("s-invoice");
    expect(result.stdout).toContain("s-refund");
    expect(result.stdout).not.toContain("b-1");
    expect(result.stdout).toMatch(/\[invoice\]/i);
  });

  it("--json prints { hits: [{ key, event, snippet }] }", async () => {
    const hits = await hitsOf(["march invoice", "--app", "support"]);
    expect(hits.length).toBeGreaterThanOrEqual(2);
    for (const hit of hits) {
      expect(hit.key).toMatchObject({
        appName: "support",
        userId: "alice",
        sessionId: "s-invoice",
      });
      expect(typeof hit.event.seq).toBe("number");
      expect(hit.snippet.toLowerCase()).toContain("[march]");
    }
  });

  it("--user, --session and --limit narrow the hits; SESSIONKIT_APP is the default app", async () => {
    expect(
      (await hitsOf(["invoice", "--app", "support", "--user", "bob"])).map((h) => h.key.sessionId),
    ).toEqual(["s-refund"]);
    expect(
      (await hitsOf(["invoice", "--app", "support", "--session", "s-refund"])).every(
        (h) => h.key.sessionId === "s-refund",
      ),
    ).toBe(true);
    expect(await hitsOf(["invoice", "--app", "support", "--limit", "1"])).toHaveLength(1);
    const billing = await runJson<{ hits: SearchHit[] }>(["search", "invoice", "--db", db], {
      env: { SESSIONKIT_APP: "billing" },
    });
    expect(billing.hits.map((h) => h.key.sessionId)).toEqual(["b-1"]);
  });

  it("no hits is not an error; no app is a usage error", async () => {
    const result = await runCli(["search", "zebra", "--app", "support", "--db", db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("No events match");
    expect((await runCli(["search", "invoice", "--db", db])).code).toBe(2);
  });
});
