import { join } from "node:path";
import { DatabaseSessionService } from "@google/adk";
import type { MikroORM } from "@mikro-orm/core";
import { LibSqlDriver } from "@mikro-orm/libsql";
import type { SubjectFactory } from "../standard/subject.js";
import { ADK_NO_BATCH, AdkSubject } from "./adk-subject.js";

/**
 * ADK 2.0.0's DatabaseSessionService keeps its MikroORM instance in a private field and has no
 * close(); the subject closes it there so the database file is released before the run's
 * directory is removed.
 */
async function closeOrm(service: DatabaseSessionService): Promise<void> {
  await (service as unknown as { orm?: MikroORM }).orm?.close(true);
}

/**
 * Google ADK-JS's DatabaseSessionService (@google/adk) on a SQLite database file, through
 * MikroORM's libSQL driver (@mikro-orm/libsql, the SQLite fork with prebuilt binaries; ADK takes
 * any MikroORM driver in its options). A `sqlite://` URL would load @mikro-orm/sqlite instead,
 * whose node-sqlite3 binding is built from source at install time.
 */
export const adkDatabaseSubject: SubjectFactory = {
  name: "ADK-JS DatabaseSessionService (SQLite)",
  kind: "peer",
  unsupported: { W5: ADK_NO_BATCH },
  async open(dir) {
    const service = new DatabaseSessionService({
      driver: LibSqlDriver,
      dbName: join(dir, "adk.db"),
    });
    await service.init();
    return new AdkSubject(service, dir, () => closeOrm(service));
  },
};
