import {
  type RowShape,
  rowShape,
  type SqlDriver,
  type SqlRequest,
  type SqlRunResult,
  shapeRows,
} from "@sessionkit/sql/driver";
import type Database from "better-sqlite3";

type Statement = Database.Statement<unknown[], unknown>;

/** A cached statement; a reader runs in raw mode and its rows are built by `shape`. */
interface Prepared {
  statement: Statement;
  /** null for a statement that returns no rows. */
  shape: RowShape | null;
}

/**
 * The @sessionkit/sql driver over one better-sqlite3 handle: synchronous, every statement
 * prepared once and cached by its text (the shared layer uses a small fixed set of texts).
 * Statements that return rows run in raw mode (arrays) and the rows are built by the
 * statement's {@link rowShape}: better-sqlite3's own row objects cost ~3× as much per row (the
 * "last 1,000 events" read and the listings are mostly that).
 */
export class BetterSqliteDriver implements SqlDriver {
  private readonly statements = new Map<string, Prepared>();
  private readonly beginWrite: Statement;
  private readonly beginRead: Statement;
  private readonly commitStatement: Statement;
  private readonly rollbackStatement: Statement;

  constructor(readonly db: Database.Database) {
    this.beginWrite = db.prepare("BEGIN IMMEDIATE");
    this.beginRead = db.prepare("BEGIN");
    this.commitStatement = db.prepare("COMMIT");
    this.rollbackStatement = db.prepare("ROLLBACK");
  }

  /** Called after each committed write (transaction or single statement), e.g. to checkpoint. */
  onWriteCommit: (() => void) | undefined;
  private writeOpen = false;

  private lastSql = "";
  private lastPrepared: Prepared | undefined;

  private prepare(sql: string): Prepared {
    // Batches repeat one statement: skip the map lookup for a repeat.
    if (sql === this.lastSql && this.lastPrepared) return this.lastPrepared;
    let prepared = this.statements.get(sql);
    if (prepared === undefined) {
      const statement = this.db.prepare(sql);
      let shape: RowShape | null = null;
      if (statement.reader) {
        statement.raw(true);
        shape = rowShape(statement.columns().map((column) => column.name));
      }
      prepared = { statement, shape };
      this.statements.set(sql, prepared);
    }
    this.lastSql = sql;
    this.lastPrepared = prepared;
    return prepared;
  }

  /** Runs one request of the shared SQL layer (a statement, a script or a transaction step). */
  execute(request: SqlRequest): unknown {
    switch (request.kind) {
      case "get": {
        const { statement: s, shape } = this.prepare(request.sql);
        if (shape === null) {
          s.run(...request.params);
          return undefined;
        }
        const values = s.get(...request.params) as unknown[] | undefined;
        return values === undefined ? undefined : shape(values);
      }
      case "all": {
        const { statement: s, shape } = this.prepare(request.sql);
        if (shape === null) {
          s.run(...request.params);
          return [];
        }
        return shapeRows(s.all(...request.params), shape);
      }
      case "run": {
        const { statement: s, shape } = this.prepare(request.sql);
        if (shape !== null) {
          s.all(...request.params);
          return { changes: 0 } satisfies SqlRunResult;
        }
        // better-sqlite3's RunResult already carries `changes`.
        const result = s.run(...request.params) satisfies SqlRunResult;
        // A statement inside a write transaction signals at its COMMIT.
        if (this.onWriteCommit && !this.writeOpen && !this.db.inTransaction) this.onWriteCommit();
        return result;
      }
      case "script":
        this.db.exec(request.sql);
        if (this.onWriteCommit && !this.db.inTransaction) this.onWriteCommit();
        return undefined;
      case "begin":
        (request.mode === "write" ? this.beginWrite : this.beginRead).run();
        this.writeOpen = request.mode === "write";
        return undefined;
      case "commit":
        this.commitStatement.run();
        if (this.writeOpen) {
          this.writeOpen = false;
          this.onWriteCommit?.();
        }
        return undefined;
      case "rollback":
        this.writeOpen = false;
        if (this.db.inTransaction) this.rollbackStatement.run();
        return undefined;
    }
  }
}
