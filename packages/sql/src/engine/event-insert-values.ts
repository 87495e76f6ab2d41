import type { JsonValue } from "@sessionkit/core";
import type { PreparedEvent } from "@sessionkit/core/adapter-kit";
import type { SqlValue } from "../driver/sql-driver.js";

/**
 * The values of one prepared event in the column order every events insert uses after its
 * session and seq columns (`event_id, invocation_id, author, content, state_delta, metadata,
 * timestamp`): the one place that order lives outside the statements. With `searchText` (while
 * full-text indexing is on: the dialect's `searchText`), an eighth value follows: the event's
 * search text for the `search_text` column of the indexed inserts.
 */
export function eventInsertValues(
  e: PreparedEvent,
  id: string,
  timestamp: number,
  searchText?: (content: JsonValue) => string,
): SqlValue[] {
  const values: SqlValue[] = [
    id,
    e.invocationId ?? null,
    e.author,
    e.contentJson,
    e.stateDeltaJson,
    e.metadataJson,
    timestamp,
  ];
  if (searchText !== undefined) values.push(searchText(e.content));
  return values;
}
