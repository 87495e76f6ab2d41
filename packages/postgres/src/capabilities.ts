import type { RepositoryCapabilities } from "@sessionkit/core";

/**
 * What a store on PostgreSQL offers: any number of processes on any number of hosts write at
 * once (each session's writers queue on its row lock), watchers see every host's writes
 * (LISTEN/NOTIFY) including partial events, transactions span sessions, backups with pg_dump.
 */
export const postgresCapabilities: RepositoryCapabilities = Object.freeze({
  transactions: "multi-session",
  crossProcess: true,
  search: "fulltext",
  watch: "cross-process",
  watchPartials: "cross-process",
  remote: true,
  persistent: true,
  backup: true,
});
