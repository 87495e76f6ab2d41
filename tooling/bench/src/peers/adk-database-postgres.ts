import { DatabaseSessionService } from "@google/adk";
import type { MikroORM } from "@mikro-orm/core";
import { PostgreSqlDriver } from "@mikro-orm/postgresql";
import type { SubjectFactory } from "../standard/subject.js";
import { benchPostgres } from "../standard/subjects/pg-cluster-subject.js";
import { ADK_NO_BATCH, AdkSubject } from "./adk-subject.js";

/**
 * Google ADK-JS's DatabaseSessionService on PostgreSQL (MikroORM's PostgreSQL driver, which ADK
 * takes in its options), on the same local server as "sessionkit postgres", in a database of
 * its own (ADK creates its tables in the public schema of the database it is given).
 */
export const adkDatabasePostgresSubject: SubjectFactory = {
  name: "ADK-JS DatabaseSessionService (PostgreSQL)",
  kind: "peer",
  unsupported: { W5: ADK_NO_BATCH },
  async open() {
    const { url, schema } = await benchPostgres();
    const admin = new URL(url);
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`CREATE DATABASE ${schema}`);
    await client.end();
    admin.pathname = `/${schema}`;
    const service = new DatabaseSessionService({
      driver: PostgreSqlDriver,
      clientUrl: admin.toString(),
      dbName: schema,
    });
    await service.init();
    return new AdkSubject(service, null, async () => {
      await (service as unknown as { orm?: MikroORM }).orm?.close(true);
    });
  },
};
