import type { SubjectFactory } from "../subject.js";
import { rawBetterSqliteSubject } from "./floor-better-sqlite3.js";
import { rawLibsqlClientSubject } from "./floor-libsql-client.js";
import { rawPgSubject } from "./floor-pg.js";
import {
  jsonFileStoreSubject,
  libsqlSubject,
  memorySubject,
  postgresSubject,
  sqliteSubject,
} from "./sessionkit.js";

/** sessionkit's adapters on the standard workloads, each beside its raw driver floor. */
export const sessionkitSubjects: SubjectFactory[] = [
  rawBetterSqliteSubject,
  sqliteSubject,
  rawLibsqlClientSubject,
  libsqlSubject,
  rawPgSubject,
  postgresSubject,
  jsonFileStoreSubject,
  memorySubject,
];
