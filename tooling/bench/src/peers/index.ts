import type { SubjectFactory } from "../standard/subject.js";
import { adkDatabaseSubject } from "./adk-database.js";
import { adkDatabasePostgresSubject } from "./adk-database-postgres.js";
import { adkInMemorySubject } from "./adk-in-memory.js";
import { mastraLibsqlSubject } from "./mastra-libsql.js";
import { naiveJsonFileSubject } from "./naive-json-file.js";

/**
 * The peer libraries measured on the standard workloads: Mastra's LibSQLStore, Google ADK-JS's
 * DatabaseSessionService (SQLite and PostgreSQL) and InMemorySessionService, and a naive
 * JSON-file store.
 */
export const peerSubjects: SubjectFactory[] = [
  mastraLibsqlSubject,
  adkDatabaseSubject,
  adkDatabasePostgresSubject,
  adkInMemorySubject,
  naiveJsonFileSubject,
];
