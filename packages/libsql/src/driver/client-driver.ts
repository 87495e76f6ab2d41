import type { Client, InArgs, ResultSet, Row, Transaction } from "@libsql/client";
import type { SqlDriver, SqlRequest, SqlRow } from "@sessionkit/sql/driver";
import { type BatchRequest, type BatchStatement, isBatchRequest } from "../remote/batch-request.js";
import { RequestDeadlineError } from "./request-deadline-error.js";

/** How a {@link ClientDriver} treats its requests. */
export interface ClientDriverOptions {
  /**
   * Embedded file databases only: reconnect after SQLITE_BUSY (never for `:memory:`, whose data
   * lives on its one connection).
   */
  recycleOnBusy?: boolean;
  /**
   * Remote servers and replicas: the most a request may take. When it passes, the request
   * fails with a {@link RequestDeadlineError}, the client is closed (every stream, and so
   * every server-side transaction of this process, is dropped) and the owner reopens it on next
   * use. Undefined: no deadline.
   */
  requestTimeoutMs?: number;
}

/**
 * The asynchronous driver for remote servers (`http:`, `ws:`, `libsql:`), embedded replicas and
 * (on request) embedded files, on `@libsql/client`.
 *
 * `begin` costs nothing by itself: the transaction opens with the first statement, and Hrana
 * sends its BEGIN in the same request. A {@link BatchRequest} arriving first instead runs as
 * the whole transaction in ONE round trip (`client.batch(…, "write")`); the following
 * `commit` then has nothing left to do. If the batch fails it was rolled back entirely, and the
 * transaction is still pending, so the next statement opens it as usual.
 *
 * The shared layer never interleaves requests on one connection, so "the current transaction"
 * is plain state here.
 */
export class ClientDriver implements SqlDriver {
  readonly client: Client;
  #transaction: Transaction | undefined;
  #pending: "read" | "write" | undefined;
  #mode: "read" | "write" = "write";

  readonly #options: ClientDriverOptions;

  constructor(client: Client, options: ClientDriverOptions = {}) {
    this.client = client;
    this.#options = options;
  }

  execute(request: SqlRequest | BatchRequest): Promise<unknown> {
    const timeoutMs = this.#options.requestTimeoutMs;
    if (timeoutMs === undefined) {
      // Embedded modes: no deadline, so no per-request classification or timer.
      const result = this.#dispatch(request);
      return this.#options.recycleOnBusy
        ? result.catch((error) => this.#afterFileError(error))
        : result;
    }
    // Decided before dispatch: `begin` and `commit` change the transaction state.
    const writing = isWrite(request, this.#pending ?? (this.#transaction ? this.#mode : undefined));
    return this.#withDeadline(this.#dispatch(request), request, writing, timeoutMs);
  }

  /**
   * Races `result` against the deadline. A request that misses it may still be running on the
   * server, so its outcome is unknown; dropping the client ends it (the server rolls back a
   * transaction whose stream is gone) and the owner opens a fresh client on next use.
   */
  #withDeadline(
    result: Promise<unknown>,
    request: SqlRequest | BatchRequest,
    writing: boolean,
    timeoutMs: number,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const idempotent = isBatchRequest(request) && request.idempotent === true;
        reject(new RequestDeadlineError(timeoutMs, request.kind, writing && !idempotent));
        this.close();
      }, timeoutMs);
      result.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  /**
   * Runs `batches` in ONE write transaction sent as ONE request (`BEGIN`, every batch's
   * statements, `COMMIT`, executed by the server as a unit): one round trip for all of them, and
   * a client that dies mid-request never leaves a transaction open on the server (an interactive
   * transaction would hold the write lock until the server's stream timeout, ~10 s). When a
   * statement fails with an error `isRefusal` accepts (a guard refusing: stale revision, missing
   * session, repeated id), the whole request wrote nothing and every batch gets `{ refused }`:
   * the callers then run alone. Any other failure is thrown. Under the request deadline like any
   * request (idempotent batches: a miss is retryable).
   */
  pipelinedBatches(
    batches: readonly (readonly BatchStatement[])[],
    isRefusal: (error: unknown) => boolean,
  ): Promise<Array<SqlRow[][] | { refused: unknown }>> {
    if (this.inTransaction) {
      return Promise.reject(new Error("a transaction is already open on this connection"));
    }
    const result = this.#oneRequest(batches, isRefusal);
    const timeoutMs = this.#options.requestTimeoutMs;
    if (timeoutMs === undefined) return result;
    const request: BatchRequest = { kind: "batch", statements: [], idempotent: true };
    return this.#withDeadline(result, request, true, timeoutMs) as Promise<
      Array<SqlRow[][] | { refused: unknown }>
    >;
  }

  async #oneRequest(
    batches: readonly (readonly BatchStatement[])[],
    isRefusal: (error: unknown) => boolean,
  ): Promise<Array<SqlRow[][] | { refused: unknown }>> {
    const statements = batches.flatMap((batch) =>
      batch.map((s) => ({ sql: s.sql, args: s.params as InArgs })),
    );
    let results: ResultSet[];
    try {
      results = await this.client.batch(statements, "write");
    } catch (error) {
      // `isRefusal` judges a statement's index within its own batch.
      if (isRefusal(relativeToBatch(error, batches)))
        return batches.map(() => ({ refused: error }));
      throw error;
    }
    const out: SqlRow[][][] = [];
    let at = 0;
    for (const batch of batches) {
      out.push(results.slice(at, at + batch.length).map(toRows));
      at += batch.length;
    }
    return out;
  }

  /** Whether a transaction is open or pending. */
  get inTransaction(): boolean {
    return this.#transaction !== undefined || this.#pending !== undefined;
  }

  close(): void {
    const transaction = this.#transaction;
    this.#transaction = undefined;
    this.#pending = undefined;
    transaction?.close();
    this.client.close();
  }

  async #dispatch(request: SqlRequest | BatchRequest): Promise<unknown> {
    if (isBatchRequest(request)) return this.#batch(request);
    switch (request.kind) {
      case "get":
        return toRows(await this.#run(request.sql, request.params as InArgs))[0];
      case "all":
        return toRows(await this.#run(request.sql, request.params as InArgs));
      case "run":
        return { changes: (await this.#run(request.sql, request.params as InArgs)).rowsAffected };
      case "script":
        await (await this.#target()).executeMultiple(request.sql);
        return undefined;
      case "begin":
        if (this.inTransaction) throw new Error("a transaction is already open on this connection");
        this.#pending = request.mode;
        return undefined;
      case "commit":
        return this.#end("commit");
      case "rollback":
        return this.#end("rollback");
    }
  }

  async #batch(request: BatchRequest): Promise<SqlRow[][]> {
    const statements = request.statements.map((s) => ({ sql: s.sql, args: s.params as InArgs }));
    if (this.#transaction) return (await this.#transaction.batch(statements)).map(toRows);
    const results = await this.client.batch(statements, "write");
    // The batch was the whole transaction (it committed); `commit` has nothing left to do.
    this.#pending = undefined;
    return results.map(toRows);
  }

  async #run(sql: string, args: InArgs): Promise<ResultSet> {
    return (await this.#target()).execute({ sql, args });
  }

  /** The open transaction (opened now if pending), or the client for autocommit statements. */
  async #target(): Promise<Client | Transaction> {
    if (this.#transaction) return this.#transaction;
    if (this.#pending !== undefined) {
      const mode = this.#pending;
      this.#pending = undefined;
      this.#mode = mode;
      this.#transaction = await this.client.transaction(mode);
      return this.#transaction;
    }
    return this.client;
  }

  async #end(how: "commit" | "rollback"): Promise<undefined> {
    const transaction = this.#transaction;
    this.#pending = undefined;
    if (!transaction) {
      // Nothing ran, or a batch already committed everything.
      return undefined;
    }
    try {
      // A read-only transaction has nothing to commit: closing the stream ends it without
      // waiting for another round trip.
      if (this.#mode === "read") return undefined;
      if (how === "commit") await transaction.commit();
      else await transaction.rollback();
    } finally {
      this.#transaction = undefined;
      // Releases the stream (remote) or connection (replica) even when commit failed.
      transaction.close();
    }
    return undefined;
  }

  /**
   * Embedded `@libsql/client` leaves a statement that hit SQLITE_BUSY pending on its connection
   * until the garbage collector finalizes it, and every later COMMIT on that connection then
   * fails ("SQL statements in progress"). Reconnecting drops the wedged connection.
   */
  async #afterFileError(error: unknown): Promise<never> {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && code.startsWith("SQLITE_BUSY") && !this.client.closed) {
      const transaction = this.#transaction;
      this.#transaction = undefined;
      this.#pending = undefined;
      transaction?.close();
      await this.client.reconnect();
    }
    throw error;
  }
}

/** Whether `request` may change data (in a write transaction, anything but `begin` may). */
function isWrite(request: SqlRequest | BatchRequest, mode: "read" | "write" | undefined): boolean {
  if (isBatchRequest(request)) return true;
  if (request.kind === "script") return true;
  if (request.kind === "begin" || request.kind === "rollback") return false;
  if (mode === "write") return true;
  return request.kind === "run";
}

/** Plain rows by column name; integers arrive as numbers (intMode "number"), blobs as bytes. */
/**
 * A failed statement's error as seen from its own batch: `statementIndex` (counted over the
 * whole request) made relative to the batch it belongs to; other errors unchanged.
 */
function relativeToBatch(error: unknown, batches: readonly (readonly unknown[])[]): unknown {
  const index = (error as { statementIndex?: unknown } | null)?.statementIndex;
  if (typeof index !== "number") return error;
  let start = 0;
  for (const batch of batches) {
    if (index < start + batch.length) {
      return { statementIndex: index - start, message: (error as Error).message, cause: error };
    }
    start += batch.length;
  }
  return error;
}

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
