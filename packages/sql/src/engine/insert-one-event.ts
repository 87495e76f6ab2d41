import type { PreparedEvent } from "@sessionkit/core/adapter-kit";
import type { SqlRunResult } from "../driver/sql-driver.js";
import type { SqlWork } from "../driver/sql-work.js";
import { eventInsertValues } from "./event-insert-values.js";
import type { SessionEngine } from "./session-engine.js";
import type { WriteContext } from "./write-context.js";

/**
 * Inserts one event of session `pk` at `seq`; false when its id is already stored there
 * (nothing written). While full-text indexing is on, its terms reach the index through the
 * insert trigger — or, when the write collects `w.searchRows` (a group commit) and the dialect
 * has `writerIndexing`, the event is marked and `[rowid, terms]` collected for the group to
 * index with the others in one statement before its commit.
 */
export function* insertOneEvent(
  engine: SessionEngine,
  w: WriteContext,
  pk: number,
  seq: number,
  e: PreparedEvent,
  id: string,
  timestamp: number,
): SqlWork<boolean> {
  const { events: ev, writerIndexing } = engine.dialect;
  if (engine.fullText && w.searchRows !== undefined && writerIndexing !== undefined) {
    const row = (yield {
      kind: "get",
      sql: writerIndexing.insertWriterIndexedEvent,
      params: [pk, seq, ...eventInsertValues(e, id, timestamp)],
    }) as { id: number | bigint } | undefined;
    if (row === undefined) return false;
    w.searchRows.push([Number(row.id), engine.dialect.searchText(e.content)]);
    return true;
  }
  const inserted = (yield {
    kind: "run",
    sql: engine.fullText ? ev.insertIndexedEvent : ev.insertEvent,
    params: [
      pk,
      seq,
      ...eventInsertValues(
        e,
        id,
        timestamp,
        engine.fullText ? engine.dialect.searchText : undefined,
      ),
    ],
  }) as SqlRunResult;
  return inserted.changes > 0;
}
