// One application process for the multi-process drift test: appends `events` events round-robin
// to the shared `keys` through a phased repository (JSON legacy, SQLite target), then prints
// what it saw as one JSON line: drift entries it journaled, failed calls.
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import { createPhasedRepository } from "@sessionkit/migrate";
import { createSqliteRepository } from "@sessionkit/sqlite";

const { legacyRoot, dbPath, keys, events, id } = JSON.parse(process.argv[2]);
const drift = [];
const errors = [];
const repo = createPhasedRepository({
  legacy: await createJsonFileRepository({ root: legacyRoot }),
  target: createSqliteRepository({ path: dbPath }),
  refreshIntervalMs: 60_000,
  onDrift: (entry) => drift.push(entry),
  onWarning: (message) => errors.push(message),
});
for (let i = 0; i < events; i++) {
  const key = keys[i % keys.length];
  try {
    await repo.appendEvent(key, {
      author: "user",
      content: { text: `process ${id} event ${i}` },
      stateDelta: { [`p${id}`]: i },
    });
  } catch (error) {
    errors.push(`${error?.code}: ${error?.message}`);
  }
}
const status = await repo.migrationStatus();
await repo.close();
process.stdout.write(
  `${JSON.stringify({ drift, errors, failedSecondaryWrites: status.failedSecondaryWrites })}\n`,
);
