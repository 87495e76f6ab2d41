// A database written by ADK's own DatabaseSessionService (SQLite, a real Runner) read as a
// sessionkit-migrate source, then written into a sessionkit store the way a backfill writes it
// (writeSnapshot per session, writeScopedState per scope) and compared with ADK's view.
import { join } from "node:path";
import type { DatabaseSessionService } from "@google/adk";
import type { SessionSnapshot } from "@sessionkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adkDatabaseSource, sessionServiceFromUrl } from "../src/index.js";
import { APP, buildRunner, runTurn } from "./fixtures/scripted-agent.mjs";
import { closeAdkDatabase, openAdkDatabase, storeUrls, tempDir } from "./services.js";

const tmp = tempDir("adk-source");
const file = join(tmp.dir, "adk.db");
let adk: DatabaseSessionService;

beforeAll(async () => {
  adk = await openAdkDatabase(file);
  const { runner } = buildRunner(adk);
  for (const [user, id] of [
    ["bob", "b-2"],
    ["ada", "a-1"],
    ["bob", "b-1"],
  ] as const) {
    await adk.createSession({ appName: APP, userId: user, sessionId: id, state: { plan: id } });
    await runTurn(runner, user, id, "remember tea");
  }
  await adk.createSession({ appName: "other-app", userId: "ada", sessionId: "x" });
});

afterAll(async () => {
  await closeAdkDatabase(adk);
  tmp.remove();
});

describe("adkDatabaseSource (sessionkit-migrate --from module:…)", () => {
  it("lists keys in key order, reads ADK's view of every session, its scopes and totals", async () => {
    const source = await adkDatabaseSource(`sqlite://${file}`);
    const keys = await source.keys({ limit: 10 });
    expect(keys.map((k) => `${k.appName}/${k.userId}/${k.sessionId}`)).toEqual([
      "other-app/ada/x",
      `${APP}/ada/a-1`,
      `${APP}/bob/b-1`,
      `${APP}/bob/b-2`,
    ]);
    expect(await source.keys({ after: keys[1], limit: 1 })).toEqual([keys[2]]);
    const all: SessionSnapshot[] = [];
    for await (const s of source.sessions()) all.push(s);
    expect(all.map((s) => s.id)).toEqual(["x", "a-1", "b-1", "b-2"]);
    const resumed: string[] = [];
    for await (const s of source.sessions({ after: keys[2] })) resumed.push(s.id);
    expect(resumed).toEqual(["b-2"]);
    expect(all[1]).toMatchObject({
      lastSeq: 4,
      revision: 5,
      state: { plan: "a-1", facts: ["tea"] },
    });
    expect(await source.read(keys[1] as (typeof keys)[number])).toEqual(all[1]);
    const scopes = [];
    for await (const s of source.scopes()) scopes.push(s);
    expect(scopes).toEqual([
      { scope: { appName: APP }, state: { remembered_total: 3 } },
      { scope: { appName: APP, userId: "ada" }, state: { fact_count: 1 } },
      { scope: { appName: APP, userId: "bob" }, state: { fact_count: 2 } },
    ]);
    expect(await source.readScope({ appName: APP, userId: "bob" })).toEqual({ fact_count: 2 });
    expect(await source.count()).toEqual({ sessions: 4, events: 12 });
    await source.close();
  });

  it("written as a backfill writes it, every session reads back as ADK reads it", async () => {
    const source = await adkDatabaseSource(`sqlite://${file}`);
    const target = await sessionServiceFromUrl(
      (storeUrls.sqlite as (d: string) => string)(tmp.dir),
    );
    for await (const snapshot of source.sessions()) {
      await target.repository.writeSnapshot(snapshot, { mode: "replace" });
    }
    for await (const { scope, state } of source.scopes()) {
      await target.repository.writeScopedState(scope, state);
    }
    for (const key of await source.keys({ limit: 10 })) {
      const theirs = await adk.getSession(key);
      const ours = await target.getSession(key);
      expect(JSON.parse(JSON.stringify(ours))).toEqual(JSON.parse(JSON.stringify(theirs)));
    }
    await source.close();
    await target.close();
  });

  it("refuses a SQLite file that does not exist instead of creating one", async () => {
    await expect(adkDatabaseSource(`sqlite://${join(tmp.dir, "missing.db")}`)).rejects.toThrow(
      /no ADK database.*\(NOT_FOUND\)/,
    );
  });
});
