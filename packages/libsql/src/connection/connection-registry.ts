import { claimDatabaseFile } from "@sessionkit/sql";
import type { Location } from "../location/resolve-location.js";
import { type ConnectionSettings, LibsqlConnection } from "./libsql-connection.js";

interface Entry {
  connection: LibsqlConnection;
  refs: number;
  /** Gives up this process's claim on the database file (see claimDatabaseFile). */
  releaseFile: () => void;
}

const shared = new Map<string, Entry>();
let memoryCounter = 0;

const loadClient = () => import("@libsql/client");

function keyOf(location: Location, settings: ConnectionSettings): string {
  switch (location.kind) {
    case "memory":
      // Every :memory: repository is its own database.
      return `memory:${++memoryCounter}`;
    case "file":
      return `file:${settings.embeddedDriver}:${location.path}`;
    case "replica":
      return `replica:${location.path}`;
    case "remote":
      return `remote:${location.url}\u0000${settings.authToken ?? ""}`;
  }
}

/**
 * One connection per database per process, reference counted: opening the same file (or the
 * same server with the same token) twice shares the connection, its queue and its watchers;
 * the last release closes it. The first opener's settings apply to the shared connection.
 */
export function acquireConnection(
  location: Location,
  settings: ConnectionSettings,
): { connection: LibsqlConnection; release: () => void } {
  const key = keyOf(location, settings);
  let entry = shared.get(key);
  if (!entry) {
    const releaseFile =
      location.kind === "file" || location.kind === "replica"
        ? claimDatabaseFile(location.path, "libsql", { adapter: "libsql", operation: "open" })
        : () => {};
    entry = {
      connection: new LibsqlConnection(location, settings, loadClient),
      refs: 0,
      releaseFile,
    };
    shared.set(key, entry);
  }
  entry.refs++;
  const held = entry;
  let released = false;
  return {
    connection: held.connection,
    release: () => {
      if (released) return;
      released = true;
      held.refs--;
      if (held.refs === 0) {
        if (shared.get(key) === held) shared.delete(key);
        held.connection.close();
        held.releaseFile();
      }
    },
  };
}
