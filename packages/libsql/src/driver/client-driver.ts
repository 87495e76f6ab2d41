import type { Client, InArgs, ResultSet, Row, Transaction } from "@libsql/client";
import type { SqlDriver, SqlRequest, SqlRow, SqlValue } from "@sessionkit/sql";

/**
 * The asynchronous driver for remote servers (`http:`, `ws:`, `libsql:`) and embedded replicas,
 * on `@libsql/client`. Between `begin` and `commit`/`rollback` every request goes to the open
 * interactive transaction (`client.transaction("write")`); the shared layer never interleaves
 * requests on one connection, so "the current transaction" is plain state here.
 */
export class ClientDriver implements SqlDriver {
  readonly client: Client;
  #transaction: Transaction | undefined;

  /**
   * @param recycleOnBusy embedded file databases only: reconnect after SQLITE_BUSY (never for
   *   `:memory:`, whose data lives on its one connection).
   */
  constructor(
    client: Client,
    private readonly recycleOnBusy = false,
  ) {
    this.client = client;
  }

  execute(request: SqlRequest): Promise<unknown> {
    const result = this.#dispatch(request);
    return this.recycleOnBusy ? result.catch((error) => this.#afterFileError(error)) : result;
  }

  /**
   * Embedded `@libsql/client` leaves a statement that hit SQLITE_BUSY pending on its connection
   * until the garbage collector finalizes it, and every later COMMIT on that connection then
   * fails ("SQL statements in progress"). Reconnecting drops the wedged connection.
   */
  async #afterFileError(error: unknown): Promise<never> {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && code.startsWith("SQLITE_BUSY") && !this.client.closed) {
      this.#transaction = undefined;
      await this.client.reconnect();
    }
    throw error;
  }

  #dispatch(request: SqlRequest): Promise<unknown> {
    switch (request.kind) {
      case "get":
        return this.#run(request.sql, request.params).then((result) => toRows(result)[0]);
      case "all":
        return this.#run(request.sql, request.params).then(toRows);
      case "run":
        return this.#run(request.sql, request.params).then((result) => ({
          changes: result.rowsAffected,
        }));
      case "script":
        return this.#script(request.sql);
      case "begin":
        return this.#begin(request.mode);
      case "commit":
        return this.#end("commit");
      case "rollback":
        return this.#end("rollback");
    }
  }

  /** Whether an interactive transaction is open. */
  get inTransaction(): boolean {
    return this.#transaction !== undefined;
  }

  /**
   * Sends several statements as one batch (one round trip, one transaction): all succeed or
   * none is applied. Used for writes whose statements do not depend on each other's results.
   */
  async batch(statements: { sql: string; params: readonly SqlValue[] }[]): Promise<SqlRow[][]> {
    const stmts = statements.map((s) => ({ sql: s.sql, args: s.params as InArgs }));
    const results = this.#transaction
      ? await this.#transaction.batch(stmts)
      : await this.client.batch(stmts, "write");
    return results.map(toRows);
  }

  close(): void {
    const transaction = this.#transaction;
    this.#transaction = undefined;
    transaction?.close();
    this.client.close();
  }

  #run(sql: string, params: readonly SqlValue[]): Promise<ResultSet> {
    const statement = { sql, args: params as InArgs };
    return this.#transaction
      ? this.#transaction.execute(statement)
      : this.client.execute(statement);
  }

  async #script(sql: string): Promise<undefined> {
    if (this.#transaction) await this.#transaction.executeMultiple(sql);
    else await this.client.executeMultiple(sql);
    return undefined;
  }

  async #begin(mode: "read" | "write"): Promise<undefined> {
    if (this.#transaction) throw new Error("a transaction is already open on this connection");
    this.#transaction = await this.client.transaction(mode);
    return undefined;
  }

  async #end(how: "commit" | "rollback"): Promise<undefined> {
    const transaction = this.#transaction;
    if (!transaction) {
      if (how === "rollback") return undefined;
      throw new Error("commit without an open transaction");
    }
    try {
      if (how === "commit") await transaction.commit();
      else await transaction.rollback();
    } finally {
      this.#transaction = undefined;
      // Releases the stream (remote) or connection (replica) even when commit failed.
      transaction.close();
    }
    return undefined;
  }
}

/** Plain rows by column name; integers arrive as numbers (intMode "number"), blobs as bytes. */
function toRows(result: ResultSet): SqlRow[] {
  const columns = result.columns;
  const rows: SqlRow[] = new Array(result.rows.length);
  for (let r = 0; r < result.rows.length; r++) {
    const source = result.rows[r] as Row;
    const row: SqlRow = {};
    for (let c = 0; c < columns.length; c++) {
      const value = source[c];
      row[columns[c] as string] = value instanceof ArrayBuffer ? new Uint8Array(value) : value;
    }
    rows[r] = row;
  }
  return rows;
}
