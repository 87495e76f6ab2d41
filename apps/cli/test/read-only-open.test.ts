import { createHash } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openFromUrl as openLibsql } from "@sessionkit/libsql";
import { createSqliteRepository, inspectDatabaseFile } from "@sessionkit/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseJsonError, runCli } from "./helpers/cli.js";
import { downgradeToVersion2 } from "./helpers/schema-v2.js";
import { tempDir } from "./helpers/temp-dir.js";

/** Every read-only command, with the arguments it needs against the store written below. */
const READ_ONLY: string[][] = [
  ["stats"],
  ["sessions", "list", "--app", "a"],
  ["sessions", "list"],
  ["sessions", "show", "s"],
  ["history", "s"],
  ["search", "hello", "--app", "a"],
  ["check"],
];

const fileHash = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** A store with one session, written with full-text search on or off. */
async function writeStore(path: string, fullTextSearch: boolean): Promise<void> {
  const repo = createSqliteRepository({ path, fullTextSearch });
  const key = { appName: "a", userId: "u", sessionId: "s" };
  await repo.createSession(key);
  await repo.appendEvent(key, { author: "user", content: "hello there" });
  await repo.close();
}

describe("read-only commands never create or migrate a store", () => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, remove } = await tempDir());
  });
  afterEach(async () => {
    await remove();
  });

  it.each([
    ["sqlite", (path: string) => `sqlite:${path}`],
    ["libsql file", (path: string) => `file:${path}`],
  ])("an empty %s database file is NOT_FOUND (exit 3) and stays empty", async (_name, url) => {
    const path = join(dir, "empty.db");
    writeFileSync(path, "");
    for (const args of READ_ONLY) {
      const result = await runCli([...args, "--json", "--db", url(path)]);
      expect(result.code, args.join(" ")).toBe(3);
      expect(parseJsonError(result).error.message).toContain("holds no sessionkit store");
      expect(statSync(path).size).toBe(0);
    }
  });

  it.each([
    ["sqlite", "sqlite:"],
    ["libsql file", "file:"],
  ])(
    "a %s store without full-text search is read without building the index",
    async (_name, scheme) => {
      const path = join(dir, "no-fulltext.db");
      if (scheme === "sqlite:") await writeStore(path, false);
      else {
        const repo = await openLibsql(`file:${path}`, { fullTextSearch: false });
        const key = { appName: "a", userId: "u", sessionId: "s" };
        await repo.createSession(key);
        await repo.appendEvent(key, { author: "user", content: "hello there" });
        await repo.close();
      }
      const before = fileHash(path);
      for (const args of READ_ONLY) {
        const result = await runCli([...args, "--db", `${scheme}${path}`]);
        expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
      }
      // The libSQL client may leave its last commit in the WAL, which a reader's close folds
      // into the file (same content, other bytes): there the schema state is what is compared.
      if (scheme === "sqlite:") expect(fileHash(path)).toBe(before);
      expect(inspectDatabaseFile(path)).toMatchObject({ status: "current", fullTextSearch: false });
    },
  );

  it("an older schema is refused by read-only commands (SCHEMA, exit 1) and migrated by writes", async () => {
    const path = join(dir, "old.db");
    await writeStore(path, true);
    const latest = inspectDatabaseFile(path).packageSchemaVersion;
    // Back to schema version 2 (before the search index of version 3, the index change of
    // version 4 and the group-indexing trigger of version 5), as an older release left it.
    expect(latest).toBe(5);
    await downgradeToVersion2(path);
    const before = fileHash(path);
    for (const args of READ_ONLY) {
      const result = await runCli([...args, "--json", "--db", `sqlite:${path}`]);
      expect(result.code, args.join(" ")).toBe(1);
      const { error } = parseJsonError(result);
      expect(error.code).toBe("SCHEMA");
      expect(error.message).toContain("schema version 2");
      expect(error.remedy).toContain("sessionkit maintain");
    }
    expect(fileHash(path)).toBe(before);
    const write = await runCli(["maintain", "--db", `sqlite:${path}`]);
    expect(write.code, write.stderr).toBe(0);
    expect(inspectDatabaseFile(path).status).toBe("current");
  });
});
