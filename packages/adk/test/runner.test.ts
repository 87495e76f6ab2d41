// A real ADK Runner with a real LlmAgent tree (tool call, state in all scopes, sub-agent
// transfer), driven by scripted models, persisted on SQLite and libSQL, then resumed by a new
// process from the store. Needs the built dist of this package (the child imports it by name).
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { sessionServiceFromUrl } from "../src/index.js";
import { APP, buildRunner, runTurn } from "./fixtures/scripted-agent.mjs";
import { storeUrls, tempDir } from "./services.js";

const run = promisify(execFile);
const child = fileURLToPath(new URL("./fixtures/resume-child.mjs", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const user = "ada";

describe.each(["sqlite", "libsql"])("Runner + LlmAgent on %s", (adapter) => {
  it("multi-turn with a tool call, state in every scope and a transfer; resumed by a new process", async () => {
    const tmp = tempDir(`runner-${adapter}`);
    const url = (storeUrls[adapter] as (dir: string) => string)(tmp.dir);
    const service = await sessionServiceFromUrl(url);
    const session = await service.createSession({ appName: APP, userId: user, sessionId: "conv" });
    const { runner } = buildRunner(service);

    expect(await runTurn(runner, user, session.id, "hello", { turns: 1 })).toEqual([
      { author: "root", text: 'root heard "hello" with 1 contents in context' },
    ]);
    expect(await runTurn(runner, user, session.id, "remember blue")).toEqual([
      { author: "root", text: "call:remember" },
      { author: "root", text: "response:remember" },
      { author: "root", text: "Noted; 1 facts so far." },
    ]);
    expect(await runTurn(runner, user, session.id, "billing: why was I charged twice?")).toEqual([
      { author: "root", text: "call:transfer_to_agent" },
      { author: "root", text: "response:transfer_to_agent" },
      { author: "billing", text: expect.stringMatching(/^billing handled "billing: why/) },
    ]);
    const stored = await service.getSession({ appName: APP, userId: user, sessionId: session.id });
    expect(stored?.events.map((e) => e.author)).toEqual([
      "user",
      "root",
      "user",
      "root",
      "root",
      "root",
      "user",
      "root",
      "root",
      "billing",
    ]);
    expect(stored?.state).toEqual({
      turns: 1,
      facts: ["blue"],
      "user:fact_count": 1,
      "app:remembered_total": 1,
      last_reply: "Noted; 1 facts so far.",
    });
    expect(stored?.events[8]?.actions.transferToAgent).toBe("billing");
    // The user scope reaches this user's other sessions, the app scope every user's.
    const other = await service.createSession({ appName: APP, userId: "bob" });
    expect(other.state).toEqual({ "app:remembered_total": 1 });
    await service.close();

    // A new process reopens the store: the next turn goes to billing (the agent that spoke
    // last, found in the stored events) and the model is shown the whole stored history.
    const { stdout } = await run(
      process.execPath,
      [child, url, user, session.id, "and my invoice?"],
      {
        cwd: packageDir,
      },
    );
    const resumed = JSON.parse(stdout);
    expect(resumed.eventsBefore).toBe(10);
    expect(resumed.events).toEqual([
      { author: "billing", text: expect.stringMatching(/^billing handled "and my invoice\?"/) },
    ]);
    expect(resumed.billingSaw[0]).toBeGreaterThanOrEqual(5);
    expect(resumed.storedEvents).toBe(12);
    expect(resumed.state).toMatchObject({ facts: ["blue"], "user:fact_count": 1, turns: 1 });
    tmp.remove();
  });
});

describe("two Runners on one session at once", () => {
  it("both turns are stored whole, in one seq order, with both state changes (two services, one SQLite file)", async () => {
    const tmp = tempDir("two-runners");
    const url = storeUrls.sqlite?.(tmp.dir) as string;
    const first = await sessionServiceFromUrl(url);
    const second = await sessionServiceFromUrl(url);
    await first.createSession({ appName: APP, userId: user, sessionId: "shared" });
    const a = buildRunner(first).runner;
    const b = buildRunner(second).runner;
    const [turnA, turnB] = await Promise.all([
      runTurn(a, user, "shared", "remember red"),
      runTurn(b, user, "shared", "remember green"),
    ]);
    expect(turnA.map((e) => e.text)).toEqual([
      "call:remember",
      "response:remember",
      expect.stringMatching(/^Noted/),
    ]);
    expect(turnB.map((e) => e.text)).toEqual([
      "call:remember",
      "response:remember",
      expect.stringMatching(/^Noted/),
    ]);
    const stored = await first.getSession({ appName: APP, userId: user, sessionId: "shared" });
    expect(stored?.events).toHaveLength(8);
    expect(stored?.events.filter((e) => e.author === "user")).toHaveLength(2);
    // A tool call reads the state its Session object holds — caught up on each append — so
    // `facts` holds one or both (the last writer of a key wins, as in ADK); every event survives.
    const facts = stored?.state.facts as string[];
    expect(facts.length).toBeGreaterThanOrEqual(1);
    expect(facts.every((f) => f === "red" || f === "green")).toBe(true);
    expect(new Set(stored?.events.map((e) => e.id)).size).toBe(8);
    await first.close();
    await second.close();
    tmp.remove();
  });
});

describe("maxHistoryEvents under a Runner", () => {
  it("the model is shown a bounded history however long the session grows", async () => {
    const service = await sessionServiceFromUrl("memory:", { maxHistoryEvents: 4 });
    await service.createSession({ appName: APP, userId: user, sessionId: "long" });
    const { runner, rootModel } = buildRunner(service);
    for (let turn = 1; turn <= 6; turn++) await runTurn(runner, user, "long", `turn ${turn}`);
    // 4 stored events loaded + the new user message; without the option: 1, 3, 5, 7, 9, 11.
    expect(rootModel.contentsSeen).toEqual([1, 3, 5, 5, 5, 5]);
    const all = await service.getSession({
      appName: APP,
      userId: user,
      sessionId: "long",
      config: { numRecentEvents: 100 },
    });
    expect(all?.events).toHaveLength(12);
    await service.close();
  });
});
