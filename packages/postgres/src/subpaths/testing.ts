/**
 * `@sessionkit/postgres/testing`: a throwaway PostgreSQL server for tests — `initdb` into a
 * temp directory and `postgres` on a free loopback port, from the PostgreSQL binaries installed
 * on the machine. Used by this package's own suite, the migration CLI's tests and the bench;
 * applications can use it for their integration tests the same way.
 *
 * @module @sessionkit/postgres/testing
 */

export { type PgCluster, pgBinDir, startPgCluster } from "../testing/start-pg-cluster.js";
