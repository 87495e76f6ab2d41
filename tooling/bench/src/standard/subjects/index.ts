import type { SubjectFactory } from "../subject.js";
import { rawBetterSqliteSubject } from "./floor-better-sqlite3.js";
import { rawLibsqlClientSubject } from "./floor-libsql-client.js";
import { rawPgSubject } from "./floor-pg.js";
import {
  leanBetterSqliteListingSubject,
  leanBetterSqliteNoTextSubject,
  leanBetterSqliteSubject,
  leanLibsqlListingSubject,
  leanLibsqlNoTextSubject,
  leanLibsqlSubject,
} from "./lean-floor.js";
import {
  jsonFileStoreSubject,
  libsqlNoTextSubject,
  libsqlSubject,
  memorySubject,
  postgresSubject,
  sqliteNoTextSubject,
  sqliteSubject,
} from "./sessionkit.js";

/**
 * sessionkit's adapters on the standard workloads, each beside its raw driver floors (own SQL;
 * lean design; lean design with sessionkit's listing indexes), and the full-text-off variants
 * measured against their lean floors only.
 */
export const sessionkitSubjects: SubjectFactory[] = [
  rawBetterSqliteSubject,
  leanBetterSqliteSubject,
  sqliteSubject,
  rawLibsqlClientSubject,
  leanLibsqlSubject,
  libsqlSubject,
  leanBetterSqliteNoTextSubject,
  sqliteNoTextSubject,
  leanLibsqlNoTextSubject,
  libsqlNoTextSubject,
  leanBetterSqliteListingSubject,
  leanLibsqlListingSubject,
  rawPgSubject,
  postgresSubject,
  jsonFileStoreSubject,
  memorySubject,
];
