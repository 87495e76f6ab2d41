import type { BenchSuite } from "../suite.js";
import { backfillSuite } from "./backfill.js";
import { jsonFileStoreSuite } from "./json-file-store.js";
import { libsqlSuite } from "./libsql.js";
import { sqliteSuite } from "./sqlite.js";

/**
 * Every registered suite, run in this order. To add one: write src/suites/<name>.ts exporting
 * a BenchSuite and add it here.
 */
export const suites: BenchSuite[] = [sqliteSuite, libsqlSuite, jsonFileStoreSuite, backfillSuite];
