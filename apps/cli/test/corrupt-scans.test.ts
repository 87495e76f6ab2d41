import { readFile, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RepositoryStats, SearchHit, SessionPage } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { useSeededStore } from "./helpers/seeded-store.js";
import { JSON_FILES, SQLITE } from "./helpers/stores.js";

/** Where the seeded JSON store keeps alice's s-invoice. */
const invoiceFile = (db: string) =>
  join(db.slice("json:".length), "apps", "support", "users", "alice", "sessions", "s-invoice.json");

/** Cuts the file inside its header, as a crash of a careless writer or a full disk would. */
async function truncateFile(file: string): Promise<void> {
  const text = await readFile(file, "utf8");
  await writeFile(file, text.slice(0, 40));
}

describe("one truncated legacy session file (json store)", () => {
  const store = useSeededStore(JSON_FILES);

  it("sessions list prints the other sessions, names the file on stderr and exits 5", async () => {
    const file = invoiceFile(store());
    await truncateFile(file);
    const text = await runCli(["sessions", "list", "--app", "support", "--db", store()]);
    expect(text.code).toBe(5);
    expect(text.stdout).toContain("s-hello");
    expect(text.stdout).toContain("s-refund");
    expect(text.stdout).not.toContain("s-invoice");
    expect(text.stderr).toContain(`skipped damaged file ${file}`);
    expect(text.stderr).toContain("1 damaged file was left out");

    const json = await runCli(["sessions", "list", "--app", "support", "--json", "--db", store()]);
    expect(json.code).toBe(5);
    const page = JSON.parse(json.stdout) as SessionPage;
    expect(page.sessions.map((s) => s.id)).toContain("s-refund");
    const warning = JSON.parse(json.stderr.trim()) as { corruptFiles: Array<{ file: string }> };
    expect(warning.corruptFiles.map((f) => f.file)).toEqual([file]);
  });

  it("search returns the hits of the other sessions, names the file and exits 5", async () => {
    const file = invoiceFile(store());
    await truncateFile(file);
    const text = await runCli(["search", "invoice", "--app", "support", "--db", store()]);
    expect(text.code).toBe(5);
    expect(text.stdout).toContain("s-refund");
    expect(text.stderr).toContain(`skipped damaged file ${file}`);
    const json = await runCli(["search", "invoice", "--app", "support", "--json", "--db", store()]);
    expect(json.code).toBe(5);
    const { hits } = JSON.parse(json.stdout) as { hits: SearchHit[] };
    expect(hits.map((h) => h.key.sessionId)).toEqual(["s-refund"]);
  });

  it("stats counts the rest, shows the damaged count, names the file and exits 5", async () => {
    const file = invoiceFile(store());
    await truncateFile(file);
    const text = await runCli(["stats", "--db", store()]);
    expect(text.code).toBe(5);
    expect(text.stdout).toMatch(/│ corrupt files +│ 1 +│/);
    expect(text.stderr).toContain(`skipped damaged file ${file}`);
    const json = await runCli(["stats", "--json", "--db", store()]);
    const stats = JSON.parse(json.stdout) as RepositoryStats;
    expect(stats.sessions).toBe(8);
    expect(stats.details.corruptFiles).toBe(1);
  });

  it("an undamaged store exits 0 with nothing on stderr", async () => {
    for (const args of [["sessions", "list", "--app", "support"], ["stats"]]) {
      const result = await runCli([...args, "--db", store()]);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe("");
    }
  });
});

describe("check on a truncated SQLite file", () => {
  const store = useSeededStore(SQLITE);

  it("prints the error once and exits 4", async () => {
    const path = store().slice("sqlite:".length);
    await truncate(path, 20_000);
    const result = await runCli(["check", "--db", store()]);
    expect(result.code).toBe(4);
    const errors = result.stdout.split("\n").filter((line) => line.includes("(CORRUPT)"));
    expect(errors).toHaveLength(1);
    expect(result.stdout).toContain("1 integrity problem found");
  });
});
