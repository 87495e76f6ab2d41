import type { JsonValue } from "@sessionkit/core";
import { fullTextBody } from "../schema/full-text-body.js";
import * as appendFastPath from "./append-fast-path-statements.js";
import * as bulk from "./bulk-event-statements.js";
import * as events from "./event-statements.js";
import { listSessionsQuery } from "./list-sessions-query.js";
import * as maintenance from "./maintenance-statements.js";
import * as meta from "./meta-statements.js";
import * as partials from "./partial-event-statements.js";
import * as search from "./search-statements.js";
import * as sessions from "./session-statements.js";
import * as state from "./state-statements.js";
import * as writerIndexing from "./writer-indexing-statements.js";

/** A statements module as a dialect supplies it: each SQL text any string, each number any number. */
export type DialectStatements<T> = {
  readonly [K in keyof T]: T[K] extends string ? string : T[K] extends number ? number : T[K];
};

/**
 * Every SQL text the shared engine and repository run, grouped by table, for one SQL dialect.
 * The engine reads its statements from the dialect it was built with (`new SessionEngine({
 * dialect })`), never from the modules directly, so an engine with another dialect supplies
 * its own object of this shape: same statements, same parameters (in order), same row shapes.
 * {@link sqliteDialect} is the SQLite dialect (better-sqlite3 and libSQL).
 */
export interface SqlDialect {
  /** A name for messages, e.g. "sqlite". */
  readonly name: string;
  readonly events: DialectStatements<typeof events>;
  readonly bulk: DialectStatements<typeof bulk>;
  readonly sessions: DialectStatements<typeof sessions>;
  readonly state: DialectStatements<typeof state>;
  readonly meta: DialectStatements<typeof meta>;
  readonly partials: DialectStatements<typeof partials>;
  readonly search: DialectStatements<typeof search>;
  readonly maintenance: DialectStatements<typeof maintenance>;
  /** The statements of the optional append fast paths (libSQL's embedded and remote). */
  readonly appendFastPath: DialectStatements<typeof appendFastPath>;
  /** Builds the keyset-paginated `listSessions` query for one set of options. */
  readonly listSessionsQuery: typeof listSessionsQuery;
  /**
   * Events indexed by their writer later in the transaction (a group commit's single appends);
   * undefined where the dialect has no such index write (PostgreSQL).
   */
  readonly writerIndexing?: DialectStatements<typeof writerIndexing>;
  /**
   * The search text written with an event while full-text indexing is on (the `search_text`
   * parameter of the indexed inserts), from the event's content. SQLite: `fullTextBody` (for
   * FTS5's `ascii` tokenizer); a dialect whose index splits the text itself on spaces only
   * (PostgreSQL) gives core's `searchIndexText`.
   */
  readonly searchText: (content: JsonValue) => string;
}

/** The SQLite dialect: the statements of `@sessionkit/sql/statements`. */
export const sqliteDialect: SqlDialect = Object.freeze({
  name: "sqlite",
  events,
  bulk,
  sessions,
  state,
  meta,
  partials,
  search,
  maintenance,
  appendFastPath,
  listSessionsQuery,
  writerIndexing,
  searchText: fullTextBody,
});
