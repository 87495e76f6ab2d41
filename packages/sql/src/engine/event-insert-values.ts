import type { PreparedEvent } from "@sessionkit/core/adapter-kit";
import type { SqlValue } from "../driver/sql-driver.js";

/**
 * The values of one prepared event in the column order every events insert uses after its
 * session and seq columns (`event_id, invocation_id, author, content, state_delta, metadata,
 * timestamp`): the one place that order lives outside the statements.
 */
export function eventInsertValues(e: PreparedEvent, id: string, timestamp: number): SqlValue[] {
  return [
    id,
    e.invocationId ?? null,
    e.author,
    e.contentJson,
    e.stateDeltaJson,
    e.metadataJson,
    timestamp,
  ];
}
