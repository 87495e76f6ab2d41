import type { SessionRepository } from "@sessionkit/core";
import { readMigrationRecord } from "@sessionkit/migrate";

/** Legacy locations that open as a repository (`module:` sources do not). */
const REPOSITORY_URL = /^(json|sqlite|file|libsql|https?|wss?|postgres|postgresql):/i;

/**
 * The legacy store named by the phased-migration record in `target`, when it is a store URL
 * `openRepository` can open (e.g. `json:/srv/sessions`); null when there is no record, or the
 * legacy side is a `module:` source or absent. @throws CORRUPT or SCHEMA for a damaged record.
 */
export async function recordedLegacyStore(target: SessionRepository): Promise<string | null> {
  const record = await readMigrationRecord(target);
  const legacy = record?.legacy ?? null;
  return legacy !== null && REPOSITORY_URL.test(legacy) ? legacy : null;
}
