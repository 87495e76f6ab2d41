import { searchIndexText } from "@sessionkit/core/adapter-kit";
import { type SqlDialect, sqliteDialect } from "@sessionkit/sql";
import { toPositional } from "./to-positional.js";

type Module = Record<string, unknown>;

/**
 * A statements module with every SQL text rewritten for PostgreSQL: strings through
 * {@link toPositional}, statement builders (functions returning a text or `{ sql, params }`)
 * wrapped so their output is rewritten too; numbers and other values kept.
 */
function positional<T extends object>(
  module: T,
  overrides: Partial<Record<keyof T, unknown>> = {},
): T {
  const out: Module = {};
  for (const [name, value] of Object.entries(module)) {
    if (name in overrides) out[name] = overrides[name as keyof T];
    else if (typeof value === "string") out[name] = toPositional(value);
    else if (typeof value === "function")
      out[name] = rewriteResult(value as (...a: unknown[]) => unknown);
    else out[name] = value;
  }
  return Object.freeze(out) as T;
}

function rewriteResult(build: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return (...args) => {
    const result = build(...args);
    if (typeof result === "string") return toPositional(result);
    if (result !== null && typeof result === "object" && "sql" in result) {
      const r = result as { sql: string };
      return { ...r, sql: toPositional(r.sql) };
    }
    return result;
  };
}

const s = sqliteDialect;

/**
 * Rows per multi-row event INSERT on PostgreSQL: 1,024 (10,240 parameters of the 65,535 a
 * statement may bind), so a batch of 10,000 events is 10 statements and a backfilled session of
 * 100 events one. Chunk sizes are powers of two, so at most 11 texts per kind are prepared.
 */
const PG_BULK_EVENT_ROWS = 1024;

function pgBulkChunkRows(remaining: number): number {
  return s.bulk.bulkChunkRows(remaining, PG_BULK_EVENT_ROWS);
}

/**
 * Search on the GIN index of `events.search_terms`: the events of active sessions in scope
 * whose terms contain every query term, newest first (timestamp, then key, then seq descending).
 * The engine passes the terms as FTS5's MATCH text (`"t1" "t2"`; terms never hold `"` or a
 * space), split back into an array here. Relevance order is not ranked in SQL: the postgres
 * engine answers it by a scan of the scope (see `PgSessionEngine`). Params: the MATCH text,
 * appName, [userId], [sessionId], limit.
 */
function fullTextSearch(withUser: boolean, withSession: boolean): string {
  const cols = s.events.EVENT_COLUMNS.split(", ")
    .map((c) => `e.${c}`)
    .join(", ");
  let n = 2;
  const user = withUser ? ` AND s.user_id = $${++n}` : "";
  const session = withSession ? ` AND s.session_id = $${++n}` : "";
  return `SELECT s.app_name, s.user_id, s.session_id, ${cols}
FROM events AS e
JOIN sessions AS s ON s.pk = e.session_pk
WHERE e.search_terms @> regexp_split_to_array(btrim($1::text, '"'), '" "') AND s.app_name = $2 AND s.status = 'active'${user}${session}
ORDER BY e.timestamp DESC, s.user_id, s.session_id, e.seq DESC
LIMIT $${n + 1}`;
}
const SESSION_COLUMNS = s.sessions.SESSION_COLUMNS;

/**
 * The PostgreSQL statements of the shared SQL engine: the SQLite texts with `$n` parameters,
 * except where PostgreSQL says it differently — the session row lock of a write
 * (`SELECT … FOR UPDATE`, so concurrent appends to one session queue on its row instead of
 * re-reading history), JSON array expansion, prefix matching, and the full-text statements
 * (see `search-statements.ts`). Table and column names, parameters and row shapes are the
 * SQLite dialect's, so every unit of work runs unchanged.
 */
export const postgresDialect: SqlDialect = Object.freeze({
  ...s,
  name: "postgres",
  events: positional(s.events),
  bulk: positional(s.bulk, {
    BULK_EVENT_ROWS: PG_BULK_EVENT_ROWS,
    bulkChunkRows: pgBulkChunkRows,
  }),
  sessions: positional(s.sessions, {
    selectSessionForWrite: `SELECT ${SESSION_COLUMNS} FROM sessions WHERE app_name = $1 AND user_id = $2 AND session_id = $3 FOR UPDATE`,
  }),
  state: positional(s.state, {
    selectScopedStateForUsers: `SELECT 0 AS scope, '' AS user_id, key, value FROM app_state WHERE app_name = $1
UNION ALL
SELECT 1 AS scope, user_id, key, value FROM user_state WHERE app_name = $2 AND user_id IN (SELECT json_array_elements_text($3::json))`,
  }),
  meta: positional(s.meta, {
    listMetaByPrefix: `SELECT name, value FROM sessionkit_meta
WHERE name > $1 AND name >= $2 AND left(name, length($3::text)) = $4::text ORDER BY name LIMIT $5`,
  }),
  partials: positional(s.partials),
  search: positional(s.search, {
    fullTextSearch: fullTextSearch,
  }),
  maintenance: positional(s.maintenance, {
    statsCounts: `SELECT
  (SELECT count(*) FROM sessions) AS sessions,
  (SELECT count(*) FROM sessions WHERE status = 'active') AS active_sessions,
  (SELECT count(*) FROM events) AS events,
  (SELECT count(*) FROM app_state) + (SELECT count(*) FROM user_state)
    + (SELECT coalesce(sum((SELECT count(*) FROM jsonb_object_keys(state))), 0)::bigint FROM sessions) AS state_keys,
  (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class AS c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')) AS database_bytes,
  0::bigint AS free_bytes`,
    seqConsistencyCheck: `SELECT app_name, user_id, session_id, last_seq, n, max_seq FROM (
  SELECT s.app_name, s.user_id, s.session_id, s.last_seq,
    (SELECT count(*) FROM events WHERE session_pk = s.pk) AS n,
    (SELECT max(seq) FROM events WHERE session_pk = s.pk) AS max_seq
  FROM sessions AS s) AS t
WHERE last_seq <> n OR last_seq <> coalesce(max_seq, 0)
LIMIT 100`,
    vacuum:
      "VACUUM (ANALYZE) sessions, events, app_state, user_state, sessionkit_meta, partial_events",
    optimize: "ANALYZE sessions, events, app_state, user_state, sessionkit_meta, partial_events",
  }),
  appendFastPath: positional(s.appendFastPath),
  // The search terms are a column of the row itself (search_terms): nothing for a writer to
  // index later, and PostgreSQL groups run through their own set-based runner.
  writerIndexing: undefined,
  // search_terms splits search_text on spaces: it needs core's terms, never raw text.
  searchText: searchIndexText,
  listSessionsQuery: rewriteResult(
    s.listSessionsQuery as (...args: unknown[]) => unknown,
  ) as SqlDialect["listSessionsQuery"],
});
