import type { SearchHit } from "@sessionkit/core";
import { compareSearchHits, type NormalizedSearch, searchHit } from "@sessionkit/core/adapter-kit";
import type { SqlValue } from "../driver/sql-driver.js";
import { all, type SqlWork } from "../driver/sql-work.js";
import { type EventRow, rowToEvent } from "./rows.js";
import type { SessionEngine } from "./session-engine.js";

/** The work of {@link SessionEngine.searchEvents}. */
export function* searchEvents(engine: SessionEngine, o: NormalizedSearch): SqlWork<SearchHit[]> {
  const { events: ev, search } = engine.dialect;
  type HitRow = EventRow & { app_name: string; user_id: string; session_id: string };
  const hits: SearchHit[] = [];
  const consider = (r: HitRow) => {
    const key = { appName: r.app_name, userId: r.user_id, sessionId: r.session_id };
    const hit = searchHit(key, rowToEvent(r), o.terms);
    if (hit) hits.push(hit);
  };
  if (engine.fullText) {
    const params: SqlValue[] = [o.terms.map((t) => `"${t}"`).join(" "), o.appName];
    if (o.userId !== undefined) params.push(o.userId);
    if (o.sessionId !== undefined) params.push(o.sessionId);
    // Slack for hits the snippet check drops (tokenizer corner cases); order is final already.
    params.push(o.limit + 50);
    const rows = yield* all<HitRow>(
      search.fullTextSearch(o.userId !== undefined, o.sessionId !== undefined),
      params,
    );
    rows.forEach(consider);
  } else {
    const params: SqlValue[] = [o.appName];
    if (o.userId !== undefined) params.push(o.userId);
    if (o.sessionId !== undefined) params.push(o.sessionId);
    const sessions = yield* all<{
      pk: number;
      app_name: string;
      user_id: string;
      session_id: string;
    }>(search.scanSearchSessions(o.userId !== undefined, o.sessionId !== undefined), params);
    for (const s of sessions) {
      let after = 0;
      for (;;) {
        const rows = yield* all<EventRow>(ev.selectEventsAfterSeq, [s.pk, after, 500]);
        for (const r of rows)
          consider({ ...r, app_name: s.app_name, user_id: s.user_id, session_id: s.session_id });
        if (rows.length < 500) break;
        after = Number((rows[rows.length - 1] as EventRow).seq);
      }
    }
  }
  hits.sort(compareSearchHits);
  return hits.slice(0, o.limit);
}
