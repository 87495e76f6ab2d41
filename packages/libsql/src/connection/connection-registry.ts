import { claimDatabaseFile, SharedConnections } from "@sessionkit/sql";
import type { Location } from "../location/resolve-location.js";
import { type ConnectionSettings, LibsqlConnection } from "./libsql-connection.js";

const loadClient = () => import("@libsql/client");

/** One connection per database per process (the shared SQL adapters' rule). */
const connections = new SharedConnections<LibsqlConnection>("libsql");

/** The database a location names; null for `:memory:` (every one is its own database). */
function keyOf(location: Location, settings: ConnectionSettings): string | null {
  switch (location.kind) {
    case "memory":
      return null;
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
 * the last release closes it. A second opener with other connection-level options gets
 * INVALID_ARGUMENT naming the option (as on every SQL adapter).
 */
export function acquireConnection(
  location: Location,
  settings: ConnectionSettings,
): { connection: LibsqlConnection; release: () => void } {
  const { authToken: _token, ...compared } = settings;
  return connections.acquire(
    keyOf(location, settings),
    compared,
    () => new LibsqlConnection(location, settings, loadClient),
    location.display,
    location.kind === "file" || location.kind === "replica"
      ? () => claimDatabaseFile(location.path, "libsql", { adapter: "libsql", operation: "open" })
      : undefined,
  );
}
