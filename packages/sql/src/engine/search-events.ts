import type { SearchHit } from "@sessionkit/core";
import { type NormalizedSearch, SearchScan, searchHit } from "@sessionkit/core/adapter-kit";
import type { SqlValue } from "../driver/sql-driver.js";
import { all, type SqlWork } from "../driver/sql-work.js";
import { type EventRow, rowToEvent } from "./rows.js";
import type { SessionEngine } from "./session-engine.js";

/** The work of {@link SessionEngine.searchEvents}. */
export function* searchEvents(engine: SessionEngine, o: NormalizedSearch): SqlWork<SearchHit[]> {
  const { events: ev, search } = engine.dialect;
  type HitRow = EventRow & { app_name: string; user_id: string; session_id: string };
  const scope: SqlValue[] = [o.appName];
  if (o.userId !== undefined) scope.push(o.userId);
  if (o.sessionId !== undefined) scope.push(o.sessionId);
  if (engine.fullText) {
    // Terms never hold ASCII punctuation (see searchTokens), so quoting cannot break out.
    const match = o.terms.map((t) => `"${t}"`).join(" ");
    // Slack for rows the re-check drops (a foreign writer's raw-text rows not yet re-indexed).
    const rows = yield* all<HitRow>(
      search.fullTextSearch(
        o.userId !== undefined,
        o.sessionId !== undefined,
        o.order === "relevance",
      ),
      [match, ...scope, o.limit + 50],
    );
    const hits: SearchHit[] = [];
    for (const r of rows) {
      const key = { appName: r.app_name, userId: r.user_id, sessionId: r.session_id };
      const hit = searchHit(key, rowToEvent(r), o.terms);
      if (hit) hits.push(hit);
      if (hits.length === o.limit) break;
    }
    return hits;
  }
  const scan = new SearchScan(o);
  const sessions = yield* all<{
    pk: number;
    app_name: string;
    user_id: string;
    session_id: string;
  }>(search.scanSearchSessions(o.userId !== undefined, o.sessionId !== undefined), scope);
  for (const s of sessions) {
    const key = { appName: s.app_name, userId: s.user_id, sessionId: s.session_id };
    let after = 0;
    for (;;) {
      const rows = yield* all<EventRow>(ev.selectEventsAfterSeq, [s.pk, after, 500]);
      for (const r of rows) scan.add(key, rowToEvent(r));
      if (rows.length < 500) break;
      after = Number((rows[rows.length - 1] as EventRow).seq);
    }
  }
  return scan.hits();
}
