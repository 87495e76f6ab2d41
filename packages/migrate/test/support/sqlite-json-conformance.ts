import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describeSessionRepository } from "@sessionkit/conformance";
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import { createPhasedRepository, type Phase, setMigrationPhase } from "@sessionkit/migrate";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { checkMirrorAndClose, openPhased } from "./phased-targets.js";
import { tempDir } from "./temp-dir.js";

const opener = fileURLToPath(new URL("./phased-opener.mjs", import.meta.url));

async function capabilities() {
  const { dir, remove } = tempDir();
  const repo = createPhasedRepository({
    legacy: await createJsonFileRepository({ root: join(dir, "legacy"), create: true }),
    target: createSqliteRepository({ path: join(dir, "t.db") }),
  });
  const caps = repo.capabilities;
  await repo.close();
  remove();
  return caps;
}

/**
 * The conformance suite against the phased repository with the JSON-file store as legacy and
 * SQLite as target, in one phase. After every test, the mirrored phases must leave both stores
 * identical. One test file per phase, so the four run in parallel.
 */
export async function describeSqliteJsonPhase(phase: Phase): Promise<void> {
  const caps = await capabilities();
  describeSessionRepository(
    {
      name: `phased (${phase}, json-file-store → sqlite)`,
      capabilities: caps,
      async create() {
        const { dir, remove } = tempDir();
        return openPhased(
          await createJsonFileRepository({
            root: join(dir, "legacy"),
            create: true,
            durable: false,
          }),
          createSqliteRepository({ path: join(dir, "target.db") }),
          phase,
          async () => remove(),
        );
      },
      destroy: checkMirrorAndClose,
      async createShared() {
        const { dir, remove } = tempDir();
        const legacyRoot = join(dir, "legacy");
        const dbPath = join(dir, "target.db");
        const legacy = await createJsonFileRepository({ root: legacyRoot, create: true });
        const target = createSqliteRepository({ path: dbPath });
        await legacy.listStateScopes();
        await setMigrationPhase(target, phase);
        await legacy.close();
        await target.close();
        const location = JSON.stringify({ legacyRoot, dbPath });
        return {
          location,
          openerModule: opener,
          open: async () => (await import(opener)).default(location),
          destroy: async () => remove(),
        };
      },
    },
    { modelRuns: 8, crashTrials: 10, writers: 3 },
  );
}
