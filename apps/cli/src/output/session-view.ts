import type { Session } from "@sessionkit/core";
import type { AppSummary } from "../store/store-owners.js";
import type { Colors } from "./colors.js";
import { isoTime } from "./format.js";
import { relativeTime } from "./relative-time.js";
import { renderRecord, renderTable } from "./table.js";

/** The sessions of a listing as a table: one row each, times relative to now. */
export function sessionsTable(sessions: Session[], colors: Colors, now = Date.now()): string {
  return renderTable(
    ["id", "user", "status", "events", "updated", "created"],
    sessions.map((session) => [
      session.id,
      session.userId,
      statusText(session, colors),
      session.lastSeq,
      relativeTime(session.updatedAt, now),
      relativeTime(session.createdAt, now),
    ]),
    colors,
  );
}

/** One session as a name/value table, state and metadata as indented JSON. */
export function sessionRecord(session: Session, colors: Colors, now = Date.now()): string {
  const when = (time: number | null) =>
    time === null ? "-" : `${relativeTime(time, now)} (${isoTime(time)})`;
  return renderRecord(
    [
      ["id", session.id],
      ["app", session.appName],
      ["user", session.userId],
      ["status", statusText(session, colors)],
      ["events", session.lastSeq],
      ["revision", session.revision],
      ["created", when(session.createdAt)],
      ["updated", when(session.updatedAt)],
      ["expired", when(session.expiredAt)],
      ["state", JSON.stringify(session.state, null, 2)],
      ["metadata", JSON.stringify(session.metadata, null, 2)],
    ],
    colors,
  );
}

function statusText(session: Session, colors: Colors): string {
  return session.status === "active" ? colors.green("active") : colors.yellow("expired");
}

/** The session record without an `events` field (the documented --json shape of a session). */
export function withoutEvents(session: Session): Omit<Session, "events"> {
  const { events: _events, ...record } = session;
  return record;
}

/** The apps of a store as a table: name, sessions (any status), users. */
export function appsTable(apps: AppSummary[], colors: Colors): string {
  return renderTable(
    ["app", "sessions", "users"],
    apps.map((app) => [app.appName, app.sessions, app.users]),
    colors,
  );
}
