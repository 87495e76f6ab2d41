export { BetterSqliteDriver } from "./better-sqlite3-driver.js";
export { openConnectionCount } from "./connection-registry.js";
export { createSqliteRepository } from "./create-sqlite-repository.js";
export { type DatabaseFileState, inspectDatabaseFile } from "./inspect-database-file.js";
export { openFromUrl, pathFromSqliteUrl } from "./open-from-url.js";
export type { SqliteRepositoryOptions } from "./options.js";
