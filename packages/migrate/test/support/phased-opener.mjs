// Opener module for the conformance suite's child processes: `location` is JSON
// { legacyRoot, dbPath } of a JSON legacy store and a SQLite target whose migration record
// already names the phase.
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import { createPhasedRepository } from "@sessionkit/migrate";
import { createSqliteRepository } from "@sessionkit/sqlite";

export default async function open(location) {
  const { legacyRoot, dbPath } = JSON.parse(location);
  return createPhasedRepository({
    legacy: await createJsonFileRepository({ root: legacyRoot, create: true }),
    target: createSqliteRepository({ path: dbPath }),
  });
}
