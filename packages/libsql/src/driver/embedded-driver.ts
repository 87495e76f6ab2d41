import {
  type RowShape,
  rowShape,
  type SqlDriver,
  type SqlRequest,
  type SqlValue,
  shapeRows,
} from "@sessionkit/sql/driver";
import Database from "libsql";

type Statement = Database.Statement;

/** Options for an embedded (in-process) libSQL database. */
export interface EmbeddedDriverOptions {
  /** How long a statement waits for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs: number;
}

/**
 * The synchronous driver for embedded databases (`file:` and `:memory:`), on the `libsql`
 * package that `@libsql/client` itself wraps. It answers synchronously, so the shared SQL
 * layer runs without a promise per statement, and it keeps one prepared statement per SQL
 * text for the life of the connection. `@libsql/client` prepares a fresh native statement on
 * every call and leaves it to the garbage collector, which is where its memory goes.
 *
 * One connection for everything, so `:memory:` keeps its data and PRAGMAs stay set.
 */
export class EmbeddedDriver implements SqlDriver {
  readonly database: Database.Database;
  readonly #statements = new Map<string, Statement>();
  readonly #readers = new Map<string, Reader>();
  readonly #begin: Statement;
  readonly #beginRead: Statement;
  readonly #commit: Statement;
  readonly #rollback: Statement;
  /** Whether a write transaction (BEGIN IMMEDIATE) is open. */
  #writeOpen = false;
  /** Called after each committed write (transaction or single statement), e.g. to checkpoint. */
  onWriteCommit: (() => void) | undefined;

  constructor(path: string, options: EmbeddedDriverOptions) {
    this.database = new Database(path, { timeout: options.busyTimeoutMs });
    this.#begin = this.database.prepare("BEGIN IMMEDIATE");
    this.#beginRead = this.database.prepare("BEGIN");
    this.#commit = this.database.prepare("COMMIT");
    this.#rollback = this.database.prepare("ROLLBACK");
  }

  execute(request: SqlRequest): unknown {
    switch (request.kind) {
      case "get": {
        const reader = this.#reader(request.sql);
        const row = reader.statement.get(bindable(request.params));
        if (reader.shape === null) return row ?? undefined;
        return row ? reader.shape(row as unknown[]) : undefined;
      }
      case "all": {
        const reader = this.#reader(request.sql);
        const rows = reader.statement.all(bindable(request.params));
        return reader.shape === null ? rows : shapeRows(rows, reader.shape);
      }
      case "run": {
        const { changes } = this.#statement(request.sql).run(bindable(request.params));
        // A statement inside a write transaction signals at its COMMIT.
        if (this.onWriteCommit && !this.#writeOpen && !this.database.inTransaction)
          this.onWriteCommit();
        return { changes };
      }
      case "script":
        this.database.exec(request.sql);
        if (this.onWriteCommit && !this.database.inTransaction) this.onWriteCommit();
        return undefined;
      case "begin":
        (request.mode === "read" ? this.#beginRead : this.#begin).run();
        this.#writeOpen = request.mode !== "read";
        return undefined;
      case "commit":
        this.#commit.run();
        if (this.#writeOpen) {
          this.#writeOpen = false;
          this.onWriteCommit?.();
        }
        return undefined;
      case "rollback":
        this.#writeOpen = false;
        // After SQLite rolled back on its own (e.g. SQLITE_FULL), ROLLBACK would fail.
        if (this.database.inTransaction) this.#rollback.run();
        return undefined;
    }
  }

  /** Whether a transaction is open on the connection. */
  get inTransaction(): boolean {
    return this.database.open && this.database.inTransaction;
  }

  close(): void {
    this.#statements.clear();
    this.#readers.clear();
    if (this.database.open) this.database.close();
  }

  /**
   * Reads run in raw mode (arrays) and are turned into objects here by the statement's
   * {@link rowShape}: faster than libsql's own row objects (which also carry a `_metadata` field).
   */
  #reader(sql: string): Reader {
    let reader = this.#readers.get(sql);
    if (reader === undefined) {
      const statement = this.database.prepare(sql);
      let shape: RowShape | null = null;
      try {
        // Throws for a statement that returns no data (e.g. an FTS5 command): read it as is.
        statement.raw(true);
        shape = rowShape(statement.columns().map((column) => column.name));
      } catch {
        shape = null;
      }
      reader = { statement, shape };
      this.#readers.set(sql, reader);
    }
    return reader;
  }

  #statement(sql: string): Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.database.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}

interface Reader {
  statement: Statement;
  /** null: the statement returns no data and runs in libsql's default mode. */
  shape: RowShape | null;
}

/** libsql binds Buffers, not bare Uint8Arrays. */
function bindable(params: readonly SqlValue[]): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < params.length; i++) {
    const value = params[i];
    if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
      copy ??= [...params];
      copy[i] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    }
  }
  return (copy ?? params) as unknown[];
}
