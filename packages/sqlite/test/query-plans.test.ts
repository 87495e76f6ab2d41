import { join } from "node:path";
import { normalizeListSessionsOptions } from "@sessionkit/core/adapter-kit";
import {
  eventStatements as ev,
  listSessionsQuery,
  metaStatements as meta,
  partialEventStatements as partials,
  searchStatements as search,
  sessionStatements as ses,
  stateStatements as st,
} from "@sessionkit/sql/statements";
import { createSqliteRepository } from "@sessionkit/sqlite";
import { describe, expect, it } from "vitest";
import { rawHandle } from "./internals.js";
import { tempDir } from "./temp-dir.js";

/** Every statement of a query path, with the tables it must never scan in full. */
function statements(): Array<[string, string]> {
  const ctx = { adapter: "sqlite", operation: "test" };
  const list = (o: Record<string, unknown>) =>
    listSessionsQuery(
      normalizeListSessionsOptions({ appName: "a", ...o } as never, ctx),
      { value: 1, userId: "u", id: "i" },
      10,
    ).sql;
  return [
    ["selectSessionByKey", ses.selectSessionByKey],
    ["insertEvent", ev.insertEvent],
    ["selectEventById", ev.selectEventById],
    ["bumpSession", ses.bumpSession],
    ["recent events", ev.selectRecentEvents(false, true)],
    ["recent events since", ev.selectRecentEvents(true, true)],
    ["all events", ev.selectRecentEvents(false, false)],
    ["event page asc", ev.selectEventPageAsc],
    ["event page desc", ev.selectEventPageDesc],
    ["list by app, updatedAt", list({})],
    ["list by app, all statuses", list({ status: "all" })],
    ["list by user", list({ userId: "u" })],
    ["list by createdAt", list({ orderBy: "createdAt", order: "asc" })],
    ["list by id", list({ orderBy: "id", status: "all" })],
    ["expire idle (all apps)", ses.expireIdleAll],
    ["expire idle (app)", ses.expireIdleInApp],
    ["purge", ses.purgeBatchBefore],
    ["purge all", ses.purgeBatchAll],
    ["delete session", ses.deleteSessionByKey],
    ["scan keys", ses.scanSessionKeys],
    ["scan keys in app", ses.scanSessionKeysInApp],
    ["scoped state", st.selectScopedStateForSession],
    ["scoped state for page", st.selectScopedStateForUsers],
    ["meta", meta.selectMeta],
    ["full-text search", search.fullTextSearch(true, false)],
    ["partial events after", partials.selectPartialEventsAfter],
    ["expired partial events", partials.deleteExpiredPartialEvents],
    ["last partial event id", partials.selectLastPartialEventId],
  ];
}

describe("query plans", () => {
  it("serves every query path from an index: no full scan of sessions or events", async () => {
    const t = tempDir();
    const repo = createSqliteRepository({ path: join(t.dir, "plans.db") });
    const db = await rawHandle(repo);
    const offenders: string[] = [];
    for (const [name, sql] of statements()) {
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => "1"))
        .map((r) => (r as { detail: string }).detail);
      const bad = plan.filter(
        (d) => /^SCAN (sessions|events|partial_events|e|s)\b/.test(d) && !/USING/.test(d),
      );
      if (process.env.SHOW_PLANS) console.log(name, "=>", plan.join(" / "));
      if (bad.length > 0) offenders.push(`${name}: ${bad.join("; ")}`);
    }
    await repo.close();
    t.remove();
    expect(offenders).toEqual([]);
  });
});
