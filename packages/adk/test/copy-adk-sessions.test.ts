// Moving off ADK's DatabaseSessionService: a SQLite database written by ADK's own service (a
// real Runner, scripted models) is copied into a sessionkit store through ADK's API, verified
// session by session against ADK's view, and a Runner continues on the copy.
import { join } from "node:path";
import { createEvent } from "@google/adk";
import { describe, expect, it } from "vitest";
import { copyAdkSessions, sessionServiceFromUrl } from "../src/index.js";
import { APP, buildRunner, runTurn } from "./fixtures/scripted-agent.mjs";
import { closeAdkDatabase, openAdkDatabase, storeUrls, tempDir } from "./services.js";

interface Connection {
  execute(sql: string): Promise<Array<Record<string, unknown>>>;
}

describe("copyAdkSessions from ADK's DatabaseSessionService (SQLite)", () => {
  it("copies every session exactly, verifies it against ADK's view, resumes on a re-run", async () => {
    const tmp = tempDir("copy");
    const adk = await openAdkDatabase(join(tmp.dir, "adk.db"));
    // The schema ADK itself wrote (v1): the tables the copy reads through ADK's API.
    const connection = (
      adk as unknown as { orm: { em: { getConnection(): Connection } } }
    ).orm.em.getConnection();
    const tables = await connection.execute(
      "select name from sqlite_master where type = 'table' order by name",
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        "adk_internal_metadata",
        "app_states",
        "events",
        "sessions",
        "user_states",
      ]),
    );
    const columns = await connection.execute("select name from pragma_table_info('events')");
    expect(columns.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        "id",
        "app_name",
        "user_id",
        "session_id",
        "invocation_id",
        "timestamp",
        "event_data",
      ]),
    );

    const { runner } = buildRunner(adk);
    for (const user of ["ada", "bob"]) {
      await adk.createSession({
        appName: APP,
        userId: user,
        sessionId: `${user}-1`,
        state: { plan: user },
      });
      await runTurn(runner, user, `${user}-1`, "remember tea");
      await runTurn(runner, user, `${user}-1`, "billing: a refund please");
    }
    const quiet = await adk.createSession({ appName: APP, userId: "ada", sessionId: "ada-2" });
    await adk.appendEvent({
      session: quiet,
      event: createEvent({
        author: "user",
        invocationId: "i",
        timestamp: 1_760_000_000_000.25,
        content: { role: "user", parts: [{ text: "x" }] },
      }),
    });

    const target = await sessionServiceFromUrl(
      (storeUrls.sqlite as (d: string) => string)(tmp.dir),
      {
        maxHistoryEvents: 5,
      },
    );
    const result = await copyAdkSessions(adk, target, { appName: APP, pageSize: 2 });
    expect(result).toEqual({ copied: 3, skipped: 0, events: 17, mismatches: [] });
    const again = await copyAdkSessions(adk, target, { appName: APP });
    expect(again).toEqual({ copied: 0, skipped: 3, events: 0, mismatches: [] });

    const copied = await target.getSession({
      appName: APP,
      userId: "ada",
      sessionId: "ada-1",
      config: { numRecentEvents: 100 },
    });
    const original = await adk.getSession({ appName: APP, userId: "ada", sessionId: "ada-1" });
    expect(JSON.parse(JSON.stringify(copied))).toEqual(JSON.parse(JSON.stringify(original)));
    expect(copied?.state).toMatchObject({
      plan: "ada",
      "user:fact_count": 1,
      "app:remembered_total": 2,
    });
    expect(
      (await target.getSession({ appName: APP, userId: "ada", sessionId: "ada-2" }))?.events[0]
        ?.timestamp,
    ).toBe(1_760_000_000_000.25);

    // The app switches: the next turn runs on the copy and goes to billing, the last speaker.
    const next = await runTurn(buildRunner(target).runner, "ada", "ada-1", "and when?");
    expect(next).toEqual([
      { author: "billing", text: expect.stringMatching(/^billing handled "and when\?"/) },
    ]);
    await target.close();
    await closeAdkDatabase(adk);
    tmp.remove();
  });
});
