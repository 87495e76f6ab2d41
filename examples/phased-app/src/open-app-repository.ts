import { createJsonFileRepository } from "@sessionkit/json-file-store";
import { createPhasedRepository, type PhasedRepository } from "@sessionkit/migrate";
import { createSqliteRepository } from "@sessionkit/sqlite";

/**
 * What the application deploys once: its repository is a phased repository over the legacy
 * JSON root and the SQLite target. From then on the migration phase recorded in the target
 * decides where reads and writes go; the application code never changes.
 */
export async function openAppRepository(
  legacyRoot: string,
  dbPath: string,
): Promise<PhasedRepository> {
  return createPhasedRepository({
    legacy: await createJsonFileRepository({ root: legacyRoot }),
    target: createSqliteRepository({ path: dbPath }),
    refreshIntervalMs: 200, // how often the phase is re-read (default 2,000 ms)
    shadowReadRate: 0.5, // during dual-write, compare half the reads with the target
  });
}
