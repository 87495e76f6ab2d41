import { existsSync } from "node:fs";
import { DatabaseSessionService } from "@google/adk";
import type { JsonObject, SessionKey, SessionSnapshot, StateScope } from "@sessionkit/core";
import { describeKey, SessionKitError } from "@sessionkit/core";
import { snapshotOf, splitMergedState } from "./adk-snapshot.js";

/** A raw SQL connection of the ORM under ADK's DatabaseSessionService. */
interface SqlConnection {
  execute(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
}

/** App or user state of the source, as `sessionkit-migrate` copies it. */
export interface AdkScopedState {
  /** `{ appName }` or `{ appName, userId }`. */
  scope: StateScope;
  /** The scope's keys, without prefix. */
  state: JsonObject;
}

/**
 * A read-only `sessionkit-migrate` source (`--from module:<file>`) over an ADK
 * `DatabaseSessionService` database: the v1 schema (`sessions`, `events` with JSON `event_data`,
 * `app_states`, `user_states`, `adk_internal_metadata`). Sessions are read through ADK's own
 * service, so each snapshot is ADK's view (events in ADK's order, every field); keys and scoped
 * state come from the tables. Nothing is written to the database.
 */
export interface AdkDatabaseSource {
  /** Shown in migration reports. */
  readonly name: string;
  /** Every session, whole, in ascending (appName, userId, sessionId) order, after `after`. */
  sessions(options?: {
    after?: SessionKey;
    onUnreadable?: (key: SessionKey, error: unknown) => boolean;
  }): AsyncIterable<SessionSnapshot>;
  /** One session as a snapshot, or null when absent. */
  read(key: SessionKey): Promise<SessionSnapshot | null>;
  /** Keys only, ascending, strictly after `after`. */
  keys(options: { after?: SessionKey; limit: number }): Promise<SessionKey[]>;
  /** Every non-empty app and user state. */
  scopes(): AsyncIterable<AdkScopedState>;
  /** One scope's state; `{}` when none. */
  readScope(scope: StateScope): Promise<JsonObject>;
  /** Totals for progress. */
  count(): Promise<{ sessions: number; events: number }>;
  /** Closes the database connection. */
  close(): Promise<void>;
}

const parseState = (value: unknown): JsonObject =>
  (typeof value === "string" ? JSON.parse(value) : (value ?? {})) as JsonObject;

const PAGE = 200;

/**
 * Opens an ADK `DatabaseSessionService` database as a migration source. `url` is ADK's own
 * connection string (`sqlite://path`; `postgres://…` and the others ADK supports work the same
 * way with their mikro-orm driver installed). For a `sqlite://` file that does not exist, throws
 * instead of letting ADK create an empty database.
 * @throws NOT_FOUND for a missing SQLite file; ADK's own error for a database of another schema.
 */
export async function adkDatabaseSource(url: string): Promise<AdkDatabaseSource> {
  const file = url.startsWith("sqlite://") ? url.slice("sqlite://".length) : null;
  if (file !== null && file !== ":memory:" && !existsSync(file)) {
    throw new SessionKitError({
      adapter: "adk",
      operation: "adkDatabaseSource",
      subject: url,
      code: "NOT_FOUND",
      problem: `no ADK database at ${file}`,
      remedy: "pass the sqlite:// URL your DatabaseSessionService was created with",
    });
  }
  const service = new DatabaseSessionService(url);
  await service.init();
  const orm = (
    service as unknown as {
      orm: { em: { getConnection(): SqlConnection }; close(force?: boolean): Promise<void> };
    }
  ).orm;
  const sql = orm.em.getConnection();

  const read = async (key: SessionKey): Promise<SessionSnapshot | null> => {
    const session = await service.getSession(key);
    return session ? snapshotOf(session, splitMergedState(session.state).session) : null;
  };

  const keys = async ({ after, limit }: { after?: SessionKey; limit: number }) => {
    const a = after ?? { appName: "", userId: "", sessionId: "" };
    const rows = await sql.execute(
      `select app_name, user_id, id from sessions
       where app_name > ? or (app_name = ? and (user_id > ? or (user_id = ? and id > ?)))
       order by app_name, user_id, id limit ?`,
      [a.appName, a.appName, a.userId, a.userId, a.sessionId, limit],
    );
    return rows.map((r) => ({
      appName: String(r.app_name),
      userId: String(r.user_id),
      sessionId: String(r.id),
    }));
  };

  return {
    name: `adk-database:${url}`,
    read,
    keys,
    async *sessions(options = {}) {
      let after = options.after;
      for (;;) {
        const page = await keys({ ...(after ? { after } : {}), limit: PAGE });
        for (const key of page) {
          let snapshot: SessionSnapshot | null;
          try {
            snapshot = await read(key);
          } catch (error) {
            if (!options.onUnreadable?.(key, error)) {
              throw new SessionKitError({
                adapter: "adk",
                operation: "adkDatabaseSource.sessions",
                subject: describeKey(key),
                code: "CORRUPT",
                problem: `ADK could not read the session (${(error as Error).message})`,
                remedy: "repair the session in ADK's database, or let onUnreadable skip it",
                cause: error,
              });
            }
            snapshot = null;
          }
          if (snapshot) yield snapshot;
        }
        if (page.length < PAGE) return;
        after = page[page.length - 1];
      }
    },
    async *scopes() {
      for (const r of await sql.execute(
        "select app_name, state from app_states order by app_name",
      )) {
        const state = parseState(r.state);
        if (Object.keys(state).length > 0) yield { scope: { appName: String(r.app_name) }, state };
      }
      const users = await sql.execute(
        "select app_name, user_id, state from user_states order by app_name, user_id",
      );
      for (const r of users) {
        const state = parseState(r.state);
        const scope = { appName: String(r.app_name), userId: String(r.user_id) };
        if (Object.keys(state).length > 0) yield { scope, state };
      }
    },
    async readScope(scope) {
      const rows =
        scope.userId === undefined
          ? await sql.execute("select state from app_states where app_name = ?", [scope.appName])
          : await sql.execute("select state from user_states where app_name = ? and user_id = ?", [
              scope.appName,
              scope.userId,
            ]);
      return rows[0] ? parseState(rows[0].state) : {};
    },
    async count() {
      const [s] = await sql.execute("select count(*) as n from sessions");
      const [e] = await sql.execute("select count(*) as n from events");
      return { sessions: Number(s?.n ?? 0), events: Number(e?.n ?? 0) };
    },
    async close() {
      await orm.close(true);
    },
  };
}
