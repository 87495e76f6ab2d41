import type { SqlDriver, SqlRequest, SqlRunResult } from "@sessionkit/sql/driver";
import type Database from "better-sqlite3";

type Statement = Database.Statement<unknown[], unknown>;

/**
 * The @sessionkit/sql driver over one better-sqlite3 handle: synchronous, every statement
 * prepared once and cached by its text (the shared layer uses a small fixed set of texts).
 */
export class BetterSqliteDriver implements SqlDriver {
  private readonly statements = new Map<string, Statement>();
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
  private lastStatement: Statement | undefined;

  private prepare(sql: string): Statement {
    // Batches repeat one statement: skip the map lookup for a repeat.
    if (sql === this.lastSql && this.lastStatement) return this.lastStatement;
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    this.lastSql = sql;
    this.lastStatement = statement;
    return statement;
  }

  /** Runs one request of the shared SQL layer (a statement, a script or a transaction step). */
  execute(request: SqlRequest): unknown {
    switch (request.kind) {
      case "get": {
        const s = this.prepare(request.sql);
        if (!s.reader) {
          s.run(...request.params);
          return undefined;
        }
        return s.get(...request.params);
      }
      case "all": {
        const s = this.prepare(request.sql);
        if (!s.reader) {
          s.run(...request.params);
          return [];
        }
        return s.all(...request.params);
      }
      case "run": {
        const s = this.prepare(request.sql);
        if (s.reader) {
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
