import { join } from "node:path";
import { type Client, createClient, type InArgs, type InStatement } from "@libsql/client";
import { createLibsqlRepository } from "@sessionkit/libsql";
import { sqliteDialect } from "@sessionkit/sql";
import {
  type EventRow,
  eventStatements as ev,
  type SessionRow,
  type StateRow,
  sessionStatements as ses,
  stateStatements as st,
} from "@sessionkit/sql/statements";
import { directoryBytes } from "../disk.js";
import type { BenchEvent, StandardSubject, SubjectFactory } from "../subject.js";
import {
  applySessionEntries,
  assemblePage,
  assembleSession,
  chunkRows,
  indexedEventParams,
  insertIndexedEventRowsSql,
  listQuery,
  splitDelta,
} from "./floor-sql.js";
import { APP } from "./repository-subject.js";

const recentSql = ev.selectRecentEvents(false, true);

/**
 * Raw @libsql/client on an embedded file running @sessionkit/libsql's exact SQL, as a user of
 * the client would: one interactive transaction per call, one statement per execute (a batch's
 * rows in the adapters' multi-row chunks, sent with one `batch`). Schema made by the adapter.
 */
class RawLibsqlClient implements StandardSubject {
  constructor(
    private readonly client: Client,
    private readonly dir: string,
  ) {}

  private async session(tx: { execute: Client["execute"] }, userId: string, sessionId: string) {
    const r = await tx.execute({ sql: ses.selectSessionByKey, args: [APP, userId, sessionId] });
    return r.rows[0] as unknown as SessionRow;
  }

  async createSession(userId: string, sessionId: string) {
    const tx = await this.client.transaction("write");
    try {
      const now = Date.now();
      // The adapter's SQL: the new row comes back from the insert (RETURNING).
      const inserted = await tx.execute({
        sql: ses.insertSession,
        args: [APP, userId, sessionId, "{}", "{}", now, now],
      });
      const row = inserted.rows[0] as unknown as SessionRow;
      const scoped = (
        await tx.execute({ sql: st.selectScopedStateForSession, args: [APP, APP, userId] })
      ).rows as unknown as StateRow[];
      await tx.commit();
      return assembleSession(row, [], scoped);
    } finally {
      tx.close();
    }
  }

  async appendEvent(userId: string, sessionId: string, event: BenchEvent) {
    const tx = await this.client.transaction("write");
    try {
      const row = await this.session(tx, userId, sessionId);
      const seq = Number(row.last_seq) + 1;
      await tx.execute({
        sql: ev.insertIndexedEvent,
        args: indexedEventParams(row.pk, seq, event, sqliteDialect.searchText) as InArgs,
      });
      let state = row.state;
      if (event.stateDelta) {
        const { session, user } = splitDelta(event.stateDelta);
        if (session.length > 0) state = applySessionEntries(state, session);
        for (const [k, v] of user) {
          await tx.execute({ sql: st.upsertUserState, args: [APP, userId, k, JSON.stringify(v)] });
        }
      }
      await tx.execute({
        sql: ses.bumpSession,
        args: [state, seq, Number(row.revision) + 1, Date.now(), row.pk],
      });
      await tx.commit();
      return { ...event, seq };
    } finally {
      tx.close();
    }
  }

  async appendBatch(userId: string, sessionId: string, events: readonly BenchEvent[]) {
    const tx = await this.client.transaction("write");
    try {
      const row = await this.session(tx, userId, sessionId);
      let seq = Number(row.last_seq);
      let state = row.state;
      const statements: InStatement[] = [];
      // As the adapter: each user key written once, its last value, after the events.
      const userKeys = new Map<string, unknown>();
      let i = 0;
      while (i < events.length) {
        const size = chunkRows(events.length - i);
        const args: unknown[] = [];
        for (let k = 0; k < size; k++)
          args.push(
            ...indexedEventParams(
              row.pk,
              seq + k + 1,
              events[i + k] as BenchEvent,
              sqliteDialect.searchText,
            ),
          );
        statements.push({ sql: insertIndexedEventRowsSql(size), args: args as InArgs });
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
      for (const [key, v] of userKeys) {
        statements.push({ sql: st.upsertUserState, args: [APP, userId, key, JSON.stringify(v)] });
      }
      statements.push({
        sql: ses.bumpSession,
        args: [state, seq, Number(row.revision) + events.length, Date.now(), row.pk],
      });
      await tx.batch(statements);
      await tx.commit();
      return events.length;
    } finally {
      tx.close();
    }
  }

  async readSession(userId: string, sessionId: string, lastEvents: number) {
    const tx = await this.client.transaction("read");
    try {
      const row = await this.session(tx, userId, sessionId);
      const rows = (await tx.execute({ sql: recentSql, args: [row.pk, 0, lastEvents] }))
        .rows as unknown as EventRow[];
      const scoped = (
        await tx.execute({ sql: st.selectScopedStateForSession, args: [APP, APP, userId] })
      ).rows as unknown as StateRow[];
      await tx.commit();
      return assembleSession(row, rows, scoped);
    } finally {
      tx.close();
    }
  }

  async listRecentSessions(userId: string, limit: number) {
    const q = listQuery(userId, limit);
    const tx = await this.client.transaction("read");
    try {
      const rows = (
        (await tx.execute({ sql: q.sql, args: q.params as InArgs })).rows as unknown as SessionRow[]
      ).slice(0, limit);
      const users = JSON.stringify([userId]);
      const scoped = (
        await tx.execute({ sql: st.selectScopedStateForUsers, args: [APP, APP, users] })
      ).rows as unknown as StateRow[];
      await tx.commit();
      return assemblePage(rows, scoped, userId);
    } finally {
      tx.close();
    }
  }

  bytesOnDisk() {
    return directoryBytes(this.dir);
  }

  close() {
    this.client.close();
  }
}

/** The floor of "sessionkit libsql (embedded)". */
export const rawLibsqlClientSubject: SubjectFactory = {
  name: "raw @libsql/client",
  kind: "floor",
  async open(dir) {
    const url = `file:${join(dir, "sessions.db")}`;
    const setup = createLibsqlRepository({ url });
    await setup.health();
    await setup.close();
    const client = createClient({ url, intMode: "number" });
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA synchronous = NORMAL");
    await client.execute("PRAGMA foreign_keys = ON");
    // The adapter's page cache (libsql's default is 2 MiB).
    await client.execute("PRAGMA cache_size = -16000");
    return new RawLibsqlClient(client, dir);
  },
};
