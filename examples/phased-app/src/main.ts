#!/usr/bin/env node
/**
 * An application switching phases: `node dist/main.js <work dir>`.
 *
 * The "application" (handleMessage over openAppRepository) keeps serving messages while the
 * "operator" (the same calls `sessionkit-migrate` makes) moves the phase forward:
 * foundation → dual-write → backfill → verify → target-primary → target-only.
 * After each step it prints where the new writes landed.
 */
import { join } from "node:path";
import type { SessionKey, SessionRepository } from "@sessionkit/core";
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import {
  backfill,
  type Phase,
  repositorySource,
  setMigrationPhase,
  verify,
} from "@sessionkit/migrate";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { handleMessage } from "./app.js";
import { openAppRepository } from "./open-app-repository.js";

const workDir = process.argv[2];
if (!workDir) {
  process.stderr.write("usage: phased-app <empty work dir>\n");
  process.exit(2);
}
const legacyRoot = join(workDir, "legacy");
const dbPath = join(workDir, "sessions.db");

// The existing application data: a legacy JSON store with a few sessions.
const seed = await createJsonFileRepository({ root: legacyRoot, create: true });
for (let i = 1; i <= 20; i++) {
  await handleMessage(seed, { appName: "shop", userId: `u${i % 4}`, sessionId: `old-${i}` }, "hi");
}
await seed.close();

// The operator's handles (the migrator CLI opens these in its own process).
const legacy = await createJsonFileRepository({ root: legacyRoot });
const target = createSqliteRepository({ path: dbPath });
await setMigrationPhase(target, "foundation", { legacy: `json:${legacyRoot}` });

const app = await openAppRepository(legacyRoot, dbPath);
const key = (n: number): SessionKey => ({ appName: "shop", userId: "live", sessionId: `new-${n}` });
let served = 0;

async function where(n: number): Promise<string> {
  const inLegacy = (await legacy.getSession(key(n), { recentEvents: 0 })) !== null;
  const inTarget = (await target.getSession(key(n), { recentEvents: 0 })) !== null;
  return [inLegacy ? "legacy" : "", inTarget ? "sqlite" : ""].filter(Boolean).join("+");
}

async function moveTo(phase: Phase): Promise<void> {
  await setMigrationPhase(target, phase, { by: "example operator" });
  app.refreshPhase(); // a running app notices within refreshIntervalMs; this skips the wait
  served += 1;
  await handleMessage(app, key(served), `message in ${phase}`);
  process.stdout.write(
    `${phase.padEnd(15)} app phase ${await app.currentPhase()}, write went to ${await where(served)}\n`,
  );
}

served += 1;
await handleMessage(app, key(served), "message in foundation");
process.stdout.write(
  `foundation      app phase ${await app.currentPhase()}, write went to ${await where(served)}\n`,
);

await moveTo("dual-write");

// Backfill while the application keeps writing.
let writing = true;
const background = (async () => {
  while (writing) {
    served += 1;
    await handleMessage(app as SessionRepository, key(served), "during backfill");
  }
})();
const copied = await backfill({ source: repositorySource(legacy, "legacy"), target });
writing = false;
await background;
process.stdout.write(
  `backfill        ${copied.sessions} sessions read: ${copied.written} written, ${copied.skipped} already current (dual-write copied them)\n`,
);

const report = await verify({ legacy: repositorySource(legacy, "legacy"), target });
await app.flushShadowReads();
const status = await app.migrationStatus();
process.stdout.write(
  `verify          ${report.ok ? "clean" : "MISMATCH"}: ${report.totals.matched} sessions match, drift ${report.driftPending}, failed copies ${status.failedSecondaryWrites}\n`,
);
if (!report.ok) process.exitCode = 1;

await moveTo("target-primary");
await moveTo("target-only");

await app.close();
await legacy.close();
await target.close();
