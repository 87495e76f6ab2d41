/**
 * `@sessionkit/sql/statements`: every SQL text of the schema (SQLite dialect) and the shapes of the
 * rows they return, for the adapters' fast paths, tools and the benchmark's raw-driver baseline.
 * Application code never needs them: the repositories run them.
 *
 * @module @sessionkit/sql/statements
 */

export type { EventRow, SessionRow, StateRow } from "../engine/rows.js";
export {
  disableFullTextScript,
  enableFullTextScript,
  FULL_TEXT_INSERT_TRIGGER,
  fullTextTriggersScript,
  version2FullTextScript,
} from "../schema/full-text.js";
export * as appendFastPathStatements from "../statements/append-fast-path-statements.js";
export * as bulkEventStatements from "../statements/bulk-event-statements.js";
export * as eventStatements from "../statements/event-statements.js";
export { type ListPosition, listSessionsQuery } from "../statements/list-sessions-query.js";
export * as maintenanceStatements from "../statements/maintenance-statements.js";
export * as metaStatements from "../statements/meta-statements.js";
export * as partialEventStatements from "../statements/partial-event-statements.js";
export * as searchStatements from "../statements/search-statements.js";
export * as sessionStatements from "../statements/session-statements.js";
export * as stateStatements from "../statements/state-statements.js";
export * as writerIndexingStatements from "../statements/writer-indexing-statements.js";
