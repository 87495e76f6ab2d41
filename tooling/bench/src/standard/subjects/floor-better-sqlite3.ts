import { join } from "node:path";
import { sqliteDialect } from "@sessionkit/sql";
import {
  type EventRow,
  eventStatements as ev,
  type SessionRow,
  type StateRow,
  sessionStatements as ses,
  stateStatements as st,
} from "@sessionkit/sql/statements";
import { createSqliteRepository } from "@sessionkit/sqlite";
import Database from "better-sqlite3";
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

/**
 * Raw better-sqlite3 running @sessionkit/sqlite's exact SQL: the schema is created by the
 * adapter (same tables, indexes and full-text triggers), then the file is reopened with the
 * adapter's pragmas and prepared statements, one transaction per call.
 */
export class RawBetterSqlite implements StandardSubject {
  private readonly db: Database.Database;
  private readonly s;
  private readonly chunks = new Map<number, Database.Statement>();
  private readonly lists = new Map<string, Database.Statement>();

  constructor(
    path: string,
    private readonly dir: string,
  ) {
    this.db = new Database(path, { timeout: 5000 });
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.pragma("foreign_keys = ON");
    const p = (sql: string) => this.db.prepare(sql);
    this.s = {
      beginWrite: p("BEGIN IMMEDIATE"),
      beginRead: p("BEGIN"),
      commit: p("COMMIT"),
      insertSession: p(ses.insertSession),
      session: p(ses.selectSessionByKey),
      insert: p(ev.insertIndexedEvent),
      upsertUser: p(st.upsertUserState),
      bump: p(ses.bumpSession),
      recent: p(ev.selectRecentEvents(false, true)),
      scoped: p(st.selectScopedStateForSession),
      scopedUsers: p(st.selectScopedStateForUsers),
    };
  }

  createSession(userId: string, sessionId: string) {
    const s = this.s;
    const now = Date.now();
    s.beginWrite.run();
    try {
      // The adapter's SQL: the new row comes back from the insert (RETURNING).
      const row = s.insertSession.get(APP, userId, sessionId, "{}", "{}", now, now) as SessionRow;
      const scoped = s.scoped.all(APP, APP, userId) as StateRow[];
      s.commit.run();
      return assembleSession(row, [], scoped);
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  appendEvent(userId: string, sessionId: string, event: BenchEvent) {
    const s = this.s;
    s.beginWrite.run();
    const row = s.session.get(APP, userId, sessionId) as SessionRow;
    const seq = row.last_seq + 1;
    s.insert.run(...indexedEventParams(row.pk, seq, event, sqliteDialect.searchText));
    let state = row.state;
    if (event.stateDelta) {
      const { session, user } = splitDelta(event.stateDelta);
      if (session.length > 0) state = applySessionEntries(state, session);
      for (const [k, v] of user) s.upsertUser.run(APP, userId, k, JSON.stringify(v));
    }
    s.bump.run(state, seq, row.revision + 1, Date.now(), row.pk);
    s.commit.run();
    return { ...event, seq };
  }

  appendBatch(userId: string, sessionId: string, events: readonly BenchEvent[]) {
    const s = this.s;
    s.beginWrite.run();
    const row = s.session.get(APP, userId, sessionId) as SessionRow;
    let seq = row.last_seq;
    let state = row.state;
    // As the adapter: each user key written once, its last value, after the events.
    const userKeys = new Map<string, unknown>();
    let i = 0;
    while (i < events.length) {
      const size = chunkRows(events.length - i);
      let statement = this.chunks.get(size);
      if (!statement) {
        statement = this.db.prepare(insertIndexedEventRowsSql(size));
        this.chunks.set(size, statement);
      }
      const params: unknown[] = [];
      for (let k = 0; k < size; k++)
        params.push(
          ...indexedEventParams(
            row.pk,
            seq + k + 1,
            events[i + k] as BenchEvent,
            sqliteDialect.searchText,
          ),
        );
      statement.run(...params);
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
    for (const [key, v] of userKeys) s.upsertUser.run(APP, userId, key, JSON.stringify(v));
    s.bump.run(state, seq, row.revision + events.length, Date.now(), row.pk);
    s.commit.run();
    return events.length;
  }

  readSession(userId: string, sessionId: string, lastEvents: number) {
    const s = this.s;
    s.beginRead.run();
    const row = s.session.get(APP, userId, sessionId) as SessionRow;
    const rows = s.recent.all(row.pk, 0, lastEvents) as EventRow[];
    const scoped = s.scoped.all(APP, APP, userId) as StateRow[];
    s.commit.run();
    return assembleSession(row, rows, scoped);
  }

  listRecentSessions(userId: string, limit: number) {
    const s = this.s;
    const q = listQuery(userId, limit);
    let statement = this.lists.get(q.sql);
    if (!statement) {
      statement = this.db.prepare(q.sql);
      this.lists.set(q.sql, statement);
    }
    s.beginRead.run();
    const rows = (statement.all(...q.params) as SessionRow[]).slice(0, limit);
    const scoped = s.scopedUsers.all(APP, APP, JSON.stringify([userId])) as StateRow[];
    s.commit.run();
    return assemblePage(rows, scoped, userId);
  }

  bytesOnDisk() {
    return directoryBytes(this.dir);
  }

  close() {
    this.db.close();
  }
}

/** The floor of "sessionkit sqlite". */
export const rawBetterSqliteSubject: SubjectFactory = {
  name: "raw better-sqlite3",
  kind: "floor",
  async open(dir) {
    const path = join(dir, "sessions.db");
    const setup = createSqliteRepository({ path });
    await setup.health();
    await setup.close();
    return new RawBetterSqlite(path, dir);
  },
};
