import type { SubjectFactory } from "../subject.js";
import { rawBetterSqliteSubject } from "./floor-better-sqlite3.js";
import { rawLibsqlClientSubject } from "./floor-libsql-client.js";
import { rawPgSubject } from "./floor-pg.js";
import {
  leanBetterSqliteContractSubject,
  leanBetterSqliteListingSubject,
  leanBetterSqliteNoTextSubject,
  leanBetterSqliteSubject,
  leanLibsqlContractSubject,
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
 * lean design; lean design with sessionkit's listing indexes; lean design doing the append's
 * contract work), and the full-text-off variants
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
  leanBetterSqliteContractSubject,
  leanLibsqlContractSubject,
  rawPgSubject,
  postgresSubject,
  jsonFileStoreSubject,
  memorySubject,
];
