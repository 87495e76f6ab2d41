import { createPostgresRepository, postgresDialect } from "@sessionkit/postgres";
import type { EventRow, SessionRow, StateRow } from "@sessionkit/sql/statements";
import pg from "pg";
import type { BenchEvent, StandardSubject, SubjectFactory } from "../subject.js";
import {
  applySessionEntries,
  assemblePage,
  assembleSession,
  indexedEventParams,
  listQuery,
  splitDelta,
} from "./floor-sql.js";
import { benchPostgres } from "./pg-cluster-subject.js";
import { APP } from "./repository-subject.js";

const d = postgresDialect;
const recentSql = d.events.selectRecentEvents(false, true);
const int8AndJsonAsText: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 20
      ? Number
      : oid === 114 || oid === 3802
        ? (v: string) => v
        : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

let names = 0;
const statementNames = new Map<string, string>();
/** A named (prepared once per connection) query, as the adapter sends it. */
function q(text: string, values: unknown[]): pg.QueryConfig {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `floor_${++names}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}

/**
 * Raw node-postgres running @sessionkit/postgres's exact statements, as a careful user of `pg`
 * would: a pool, one transaction per call on a checked-out client (BEGIN … COMMIT; reads in a
 * REPEATABLE READ READ ONLY snapshot), the session row locked with FOR UPDATE, each event
 * with its search terms (core's tokenization, as the adapter writes them), prepared statements, a batch in the adapter's multi-row chunks (up to 1,024 rows on PostgreSQL). Schema made by the adapter.
 */
class RawPg implements StandardSubject {
  constructor(private readonly pool: pg.Pool) {}

  private async inTransaction<T>(
    begin: string,
    work: (c: pg.PoolClient) => Promise<T>,
  ): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  createSession(userId: string, sessionId: string) {
    return this.inTransaction("BEGIN", async (c) => {
      const now = Date.now();
      // The adapter's SQL: the new row comes back from the insert (RETURNING).
      const row = (
        await c.query(q(d.sessions.insertSession, [APP, userId, sessionId, "{}", "{}", now, now]))
      ).rows[0] as SessionRow;
      const scoped = (await c.query(q(d.state.selectScopedStateForSession, [APP, APP, userId])))
        .rows as StateRow[];
      return assembleSession(row, [], scoped);
    });
  }

  appendEvent(userId: string, sessionId: string, event: BenchEvent) {
    return this.inTransaction("BEGIN", async (c) => {
      const row = (await c.query(q(d.sessions.selectSessionForWrite, [APP, userId, sessionId])))
        .rows[0] as SessionRow;
      const seq = Number(row.last_seq) + 1;
      await c.query(
        q(d.events.insertIndexedEvent, indexedEventParams(row.pk, seq, event, d.searchText)),
      );
      let state = row.state;
      if (event.stateDelta) {
        const { session, user } = splitDelta(event.stateDelta);
        if (session.length > 0) state = applySessionEntries(state, session);
        for (const [k, v] of user)
          await c.query(q(d.state.upsertUserState, [APP, userId, k, JSON.stringify(v)]));
      }
      await c.query(
        q(d.sessions.bumpSession, [state, seq, Number(row.revision) + 1, Date.now(), row.pk]),
      );
      return { ...event, seq };
    });
  }

  appendBatch(userId: string, sessionId: string, events: readonly BenchEvent[]) {
    return this.inTransaction("BEGIN", async (c) => {
      const row = (await c.query(q(d.sessions.selectSessionForWrite, [APP, userId, sessionId])))
        .rows[0] as SessionRow;
      let seq = Number(row.last_seq);
      let state = row.state;
      // As the adapter: each user key written once, its last value, after the events.
      const userKeys = new Map<string, unknown>();
      for (let i = 0; i < events.length; ) {
        const size = d.bulk.bulkChunkRows(events.length - i);
        const values: unknown[] = [];
        for (let k = 0; k < size; k++)
          values.push(
            ...indexedEventParams(row.pk, seq + k + 1, events[i + k] as BenchEvent, d.searchText),
          );
        await c.query(q(d.bulk.insertEventRows(size, true, true), values));
        for (let k = 0; k < size; k++) {
          const delta = (events[i + k] as BenchEvent).stateDelta;
          if (!delta) continue;
          const { session, user } = splitDelta(delta);
          if (session.length > 0) state = applySessionEntries(state, session);
          for (const [key, v] of user) userKeys.set(key, v);
        }
        seq += size;
        i += size;
      }
      for (const [key, v] of userKeys)
        await c.query(q(d.state.upsertUserState, [APP, userId, key, JSON.stringify(v)]));
      await c.query(
        q(d.sessions.bumpSession, [
          state,
          seq,
          Number(row.revision) + events.length,
          Date.now(),
          row.pk,
        ]),
      );
      return events.length;
    });
  }

  readSession(userId: string, sessionId: string, lastEvents: number) {
    return this.inTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", async (c) => {
      const row = (await c.query(q(d.sessions.selectSessionByKey, [APP, userId, sessionId])))
        .rows[0] as SessionRow;
      const rows = (await c.query(q(recentSql, [row.pk, 0, lastEvents]))).rows as EventRow[];
      const scoped = (await c.query(q(d.state.selectScopedStateForSession, [APP, APP, userId])))
        .rows as StateRow[];
      return assembleSession(row, rows, scoped);
    });
  }

  listRecentSessions(userId: string, limit: number) {
    const list = listQuery(userId, limit);
    return this.inTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", async (c) => {
      const rows = ((await c.query(q(toDollar(list.sql), list.params))).rows as SessionRow[]).slice(
        0,
        limit,
      );
      const users = JSON.stringify([userId]);
      const scoped = (await c.query(q(d.state.selectScopedStateForUsers, [APP, APP, users])))
        .rows as StateRow[];
      return assemblePage(rows, scoped, userId);
    });
  }

  bytesOnDisk() {
    return 0;
  }

  close() {
    return this.pool.end();
  }
}

/** `?` placeholders as `$n` (the floor's list query comes from the shared SQLite text). */
function toDollar(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** The floor of "sessionkit postgres". */
export const rawPgSubject: SubjectFactory = {
  name: "raw pg",
  kind: "floor",
  async open() {
    const { url, schema } = await benchPostgres();
    const setup = createPostgresRepository({ url, schema });
    await setup.open();
    await setup.close();
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      options: `-c search_path=${schema}`,
      types: int8AndJsonAsText,
    });
    return new RawPg(pool);
  },
};
