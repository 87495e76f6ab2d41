import type { OwnerCount } from "../store/store-owners.js";
import type { Colors } from "./colors.js";
import { renderTable } from "./table.js";

/** Per-owner session counts as a table: app, user, sessions. */
export function ownersTable(counts: OwnerCount[], colors: Colors): string {
  return renderTable(
    ["app", "user", "sessions"],
    counts.map((count) => [count.appName, count.userId, count.sessions]),
    colors,
  );
}

/** "1 session" / "2 sessions". */
export function sessionCount(count: number): string {
  return `${count} ${count === 1 ? "session" : "sessions"}`;
}
