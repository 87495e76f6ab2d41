import { join } from "node:path";
import { MemoryRepository } from "@sessionkit/core";
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import { createLibsqlRepository } from "@sessionkit/libsql";
import { createPostgresRepository } from "@sessionkit/postgres";
import { createSqliteRepository } from "@sessionkit/sqlite";
import type { SubjectFactory } from "../subject.js";
import { benchPostgres } from "./pg-cluster-subject.js";
import { repositorySubject } from "./repository-subject.js";

/** @sessionkit/sqlite with its defaults (WAL, synchronous NORMAL, full-text index on). */
export const sqliteSubject: SubjectFactory = {
  name: "sessionkit sqlite",
  kind: "adapter",
  floor: "raw better-sqlite3",
  leanFloor: "lean better-sqlite3",
  listingLeanFloor: "lean better-sqlite3 (+ listing indexes)",
  contractLeanFloor: "lean better-sqlite3 (+ contract work)",
  async open(dir) {
    const repo = createSqliteRepository({ path: join(dir, "sessions.db") });
    // Opens the file and checks the schema now, not inside W1's first timed call.
    await repo.health();
    return repositorySubject(repo, dir);
  },
};

/** @sessionkit/libsql on an embedded file with its defaults (native `libsql` driver). */
export const libsqlSubject: SubjectFactory = {
  name: "sessionkit libsql (embedded)",
  kind: "adapter",
  floor: "raw @libsql/client",
  leanFloor: "lean libsql (embedded)",
  listingLeanFloor: "lean libsql (embedded, + listing indexes)",
  contractLeanFloor: "lean libsql (embedded, + contract work)",
  async open(dir) {
    const repo = createLibsqlRepository({ url: `file:${join(dir, "sessions.db")}` });
    await repo.health();
    return repositorySubject(repo, dir);
  },
};

/** @sessionkit/sqlite with full-text search off: measured against its lean floor only. */
export const sqliteNoTextSubject: SubjectFactory = {
  name: "sessionkit sqlite (full-text off)",
  kind: "adapter",
  leanFloor: "lean better-sqlite3 (full-text off)",
  pairOnly: true,
  async open(dir) {
    const repo = createSqliteRepository({ path: join(dir, "sessions.db"), fullTextSearch: false });
    await repo.health();
    return repositorySubject(repo, dir);
  },
};

/** @sessionkit/libsql embedded with full-text search off: measured against its lean floor only. */
export const libsqlNoTextSubject: SubjectFactory = {
  name: "sessionkit libsql (embedded, full-text off)",
  kind: "adapter",
  leanFloor: "lean libsql (embedded, full-text off)",
  pairOnly: true,
  async open(dir) {
    const repo = createLibsqlRepository({
      url: `file:${join(dir, "sessions.db")}`,
      fullTextSearch: false,
    });
    await repo.health();
    return repositorySubject(repo, dir);
  },
};

/** @sessionkit/json-file-store with its defaults (durable: fsync files and directories). */
export const jsonFileStoreSubject: SubjectFactory = {
  name: "sessionkit json-file-store",
  kind: "adapter",
  async open(dir) {
    return repositorySubject(
      await createJsonFileRepository({ root: join(dir, "store"), create: true }),
      dir,
    );
  },
};

/** core's MemoryRepository: nothing on disk, the ceiling of what the API costs. */
export const memorySubject: SubjectFactory = {
  name: "sessionkit memory",
  kind: "adapter",
  async open() {
    return repositorySubject(new MemoryRepository(), null);
  },
};

/** @sessionkit/postgres with its defaults (pool of 10, prepared statements), on a local server. */
export const postgresSubject: SubjectFactory = {
  name: "sessionkit postgres",
  kind: "adapter",
  floor: "raw pg",
  async open() {
    const { url, schema } = await benchPostgres();
    const repo = createPostgresRepository({ url, schema });
    await repo.open();
    return repositorySubject(repo, null);
  },
};
