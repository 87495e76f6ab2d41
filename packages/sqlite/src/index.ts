/**
 * The adapter on better-sqlite3. Test hooks are `@sessionkit/sqlite/internal`.
 *
 * @module @sessionkit/sqlite
 */

export { BetterSqliteDriver } from "./better-sqlite3-driver.js";
export { createSqliteRepository } from "./create-sqlite-repository.js";
export { type DatabaseFileState, inspectDatabaseFile } from "./inspect-database-file.js";
export { openFromUrl, pathFromSqliteUrl } from "./open-from-url.js";
export type { SqliteRepositoryOptions } from "./options.js";
export {
  type SideSearchIndexBuild,
  type SideSearchIndexBuildResult,
  startSideSearchIndexBuild,
} from "./search-index-build.js";
export { mergeSideSearchIndex, type SideSearchIndexMerge } from "./search-index-merge.js";
export { SideSearchIndexBuilder, sideSearchIndexPath } from "./search-index-side.js";
