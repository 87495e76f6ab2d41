import type { RepositoryCapabilities } from "@sessionkit/core";
import type { Location } from "./location/resolve-location.js";

/**
 * What each mode offers:
 * - file: several processes share the file (WAL, busy timeout, retries); watchers see other
 *   processes' writes through `PRAGMA data_version`; online backup with `VACUUM INTO`.
 * - :memory: one process, gone on close.
 * - remote server: many processes may write at once (the server serializes them); watchers see
 *   writes made through this process only (no change feed over Hrana); no file to back up here.
 * - embedded replica: like remote for writes; reads are local and may lag until `sync()`.
 */
export function capabilitiesFor(location: Location, fullText: boolean): RepositoryCapabilities {
  const search = fullText ? "fulltext" : "scan";
  switch (location.kind) {
    case "file":
      return {
        transactions: "multi-session",
        crossProcess: true,
        search,
        watch: "cross-process",
        watchPartials: "cross-process",
        remote: false,
        persistent: true,
        backup: true,
      };
    case "memory":
      return {
        transactions: "multi-session",
        crossProcess: false,
        search,
        watch: "in-process",
        watchPartials: "in-process",
        remote: false,
        persistent: false,
        backup: true,
      };
    case "remote":
    case "replica":
      return {
        transactions: "multi-session",
        // Any number of processes may write through the server; a replica file belongs to one.
        crossProcess: location.kind === "remote",
        search,
        watch: "in-process",
        watchPartials: "in-process",
        remote: true,
        persistent: true,
        backup: false,
      };
  }
}
