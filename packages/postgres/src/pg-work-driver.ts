import type { SqlDriver, SqlRequest } from "@sessionkit/sql/driver";
import type pg from "pg";

/** Names of prepared statements by text, process-wide: a handful of fixed texts. */
const statementNames = new Map<string, string>();

/** The name a statement text is prepared under on every connection (process-wide). */
export function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `sessionkit_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

const BEGIN_WRITE = "BEGIN";
/** One snapshot for every statement of a multi-statement read (a page and its state rows). */
const BEGIN_READ = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/**
 * The shared SQL layer's driver on node-postgres, for ONE unit of work: `begin` checks a client
 * out of the pool and opens the transaction (a write: READ COMMITTED, where the engine's
 * `SELECT … FOR UPDATE` on the session row serialises writers of one session; a read: a
 * REPEATABLE READ READ ONLY snapshot); statements run on that client; `commit`/`rollback`
 * return it to the pool (a client whose COMMIT or ROLLBACK failed is destroyed, never reused).
 * Statements outside a transaction (VACUUM, ANALYZE) run on any pooled client. Statements
 * with parameters are prepared once per connection (`preparedStatements`).
 */
export class PgWorkDriver implements SqlDriver {
  private client: pg.PoolClient | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly preparedStatements: boolean,
  ) {}

  /** Executes one request (always asynchronously); errors are the driver's, unconverted. */
  execute(request: SqlRequest): Promise<unknown> {
    switch (request.kind) {
      case "begin":
        return this.begin(request.mode === "write" ? BEGIN_WRITE : BEGIN_READ);
      case "commit":
        return this.finish("COMMIT");
      case "rollback":
        return this.finish("ROLLBACK");
      case "script":
        return this.query(request.sql, undefined).then(() => undefined);
      case "get":
        return this.query(request.sql, request.params).then((r) => r.rows[0]);
      case "all":
        return this.query(request.sql, request.params).then((r) => r.rows);
      case "run":
        return this.query(request.sql, request.params).then((r) => ({ changes: r.rowCount ?? 0 }));
    }
  }

  private async begin(statement: string): Promise<void> {
    if (this.client !== null) throw new Error("a transaction is already open on this unit of work");
    const client = await this.pool.connect();
    try {
      await client.query(statement);
    } catch (error) {
      client.release(true);
      throw error;
    }
    this.client = client;
  }

  private async finish(statement: "COMMIT" | "ROLLBACK"): Promise<void> {
    const client = this.client;
    if (client === null) return;
    this.client = null;
    try {
      await client.query(statement);
    } catch (error) {
      client.release(true);
      throw error;
    }
    client.release();
  }

  private query(text: string, params: readonly unknown[] | undefined): Promise<pg.QueryResult> {
    const target = this.client ?? this.pool;
    if (params === undefined) return target.query(text);
    // The shared layer may refill its params array after this call returns: copy it.
    const values = params.slice();
    return this.preparedStatements && values.length > 0
      ? target.query({ name: statementName(text), text, values })
      : target.query({ text, values });
  }
}
