// Runs inside an empty project where only the packed tarballs are installed: imports every
// publishable package by its public name and does one real operation with each.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { behaviourGroups } from "@sessionkit/conformance";
import { MemoryRepository, openRepository } from "@sessionkit/core";
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import { createLibsqlRepository } from "@sessionkit/libsql";
import { backfill, repositorySource, setMigrationPhase, verify } from "@sessionkit/migrate";
import { migrationChecksum, migrations, SCHEMA_VERSION } from "@sessionkit/sql";
import { createSqliteRepository } from "@sessionkit/sqlite";

const dir = mkdtempSync(join(tmpdir(), "sessionkit-pack-smoke-"));
const key = { appName: "smoke", userId: "u", sessionId: "s1" };
const results = [];

/** Creates the session, appends one event, reads it back. */
async function roundTrip(name, repo) {
  await repo.createSession(key, { state: { "user:lang": "en" } });
  await repo.appendEvent(key, { id: "e1", author: "user", content: { text: `hello ${name}` } });
  const session = await repo.getSession(key);
  assert.equal(session?.events?.[0]?.seq, 1);
  assert.deepEqual(session?.events?.[0]?.content, { text: `hello ${name}` });
  assert.equal(session?.state["user:lang"], "en");
  results.push(`${name}: append + read ok`);
}

try {
  await roundTrip("@sessionkit/core (MemoryRepository)", new MemoryRepository());

  const sqlite = createSqliteRepository({ path: join(dir, "sqlite", "s.db") });
  await roundTrip("@sessionkit/sqlite", sqlite);
  await sqlite.close();

  const libsql = createLibsqlRepository({ url: pathToFileURL(join(dir, "libsql.db")).href });
  await roundTrip("@sessionkit/libsql", libsql);
  await libsql.close();

  const json = await createJsonFileRepository({ root: join(dir, "legacy"), create: true });
  await roundTrip("@sessionkit/json-file-store", json);

  // openRepository finds the installed adapter packages on its own.
  const byUrl = await openRepository(`sqlite:${join(dir, "sqlite", "s.db")}`);
  assert.equal((await byUrl.getSession(key))?.lastSeq, 1);
  await byUrl.close();
  results.push("@sessionkit/core openRepository(sqlite:…): ok");

  const target = createSqliteRepository({ path: join(dir, "target.db") });
  await setMigrationPhase(target, "dual-write", { legacy: "json:legacy" });
  const copied = await backfill({ source: repositorySource(json, "legacy"), target });
  const report = await verify({ legacy: repositorySource(json, "legacy"), target });
  assert.equal(copied.sessions, 1);
  assert.equal(report.ok, true);
  results.push("@sessionkit/migrate: backfill + verify clean");
  await target.close();
  await json.close();

  assert.equal(typeof SCHEMA_VERSION, "number");
  assert.match(migrationChecksum(migrations[0]), /^[0-9a-f]{64}$/);
  results.push(`@sessionkit/sql: schema version ${SCHEMA_VERSION}, migration checksums ok`);

  const groups = Object.keys(behaviourGroups);
  assert.ok(groups.includes("events") && groups.includes("crash"));
  results.push(`@sessionkit/conformance: ${groups.length} behaviour groups`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${results.join("\n")}\n`);
