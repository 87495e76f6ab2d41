import type { SubjectFactory } from "../subject.js";
import { rawBetterSqliteSubject } from "./floor-better-sqlite3.js";
import { rawLibsqlClientSubject } from "./floor-libsql-client.js";
import { jsonFileStoreSubject, libsqlSubject, memorySubject, sqliteSubject } from "./sessionkit.js";

/** sessionkit's adapters on the standard workloads, each beside its raw driver floor. */
export const sessionkitSubjects: SubjectFactory[] = [
  rawBetterSqliteSubject,
  sqliteSubject,
  rawLibsqlClientSubject,
  libsqlSubject,
  jsonFileStoreSubject,
  memorySubject,
];
