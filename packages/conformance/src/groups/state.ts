import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { sessionKey, textEvent } from "../support/keys.js";

/** Scoped state: session, app:, user:, temp:; null deletes; replace, not merge; merged order. */
export function stateGroup({ repo }: SuiteContext): void {
  describe("state scoping", () => {
    const key = sessionKey("s1");
    const state = async (k = key) => (await repo().getSession(k, { recentEvents: 0 }))?.state;

    it("splits initial state by scope and drops temp: keys", async () => {
      const created = await repo().createSession(key, {
        state: {
          a: 1,
          "app:theme": "dark",
          "user:lang": "en",
          "temp:scratch": true,
          b: { c: [1] },
        },
      });
      expect(created.state).toEqual({
        a: 1,
        b: { c: [1] },
        "app:theme": "dark",
        "user:lang": "en",
      });
      expect(await state()).toEqual(created.state);
      expect(await repo().getAppState({ appName: "app" })).toEqual({ theme: "dark" });
      expect(await repo().getUserState({ appName: "app", userId: "u1" })).toEqual({ lang: "en" });
      expect((await repo().readSnapshot(key))?.state).toEqual({ a: 1, b: { c: [1] } });
    });

    it("merges session keys, then app: keys, then user: keys", async () => {
      await repo().createSession(key, {
        state: { "user:u1": 1, "app:a1": 1, s1: 1, "user:u2": 2, s2: 2, "app:a2": 2 },
      });
      const merged = await state();
      expect(Object.keys(merged ?? {})).toEqual([
        "s1",
        "s2",
        "app:a1",
        "app:a2",
        "user:u1",
        "user:u2",
      ]);
    });

    it("applies event deltas by scope, stores the event delta without temp: keys", async () => {
      await repo().createSession(key);
      const event = await repo().appendEvent(
        key,
        textEvent(1, { stateDelta: { x: 1, "app:y": 2, "user:z": 3, "temp:t": 4 } }),
      );
      expect(event.stateDelta).toEqual({ x: 1, "app:y": 2, "user:z": 3 });
      expect((await repo().getSession(key))?.events?.[0]?.stateDelta).toEqual({
        x: 1,
        "app:y": 2,
        "user:z": 3,
      });
      expect(await state()).toEqual({ x: 1, "app:y": 2, "user:z": 3 });
    });

    it("deletes a key whose delta value is null, in every scope", async () => {
      await repo().createSession(key, { state: { a: 1, b: 2, "app:c": 3, "user:d": 4 } });
      await repo().appendEvent(
        key,
        textEvent(1, { stateDelta: { a: null, "app:c": null, "user:d": null, missing: null } }),
      );
      expect(await state()).toEqual({ b: 2 });
      expect(await repo().getAppState({ appName: "app" })).toEqual({});
      expect(await repo().getUserState({ appName: "app", userId: "u1" })).toEqual({});
    });

    it("replaces a value instead of deep-merging it", async () => {
      await repo().createSession(key, {
        state: { obj: { a: 1, b: { c: 2 } }, "user:o": { x: 1 } },
      });
      await repo().updateState(key, { obj: { b: { d: 3 } }, "user:o": { y: 2 } });
      expect(await state()).toEqual({ obj: { b: { d: 3 } }, "user:o": { y: 2 } });
    });

    it("shares app: state with every user's sessions of the app, and only that app", async () => {
      await repo().createSession(sessionKey("s1", "u1"));
      await repo().createSession(sessionKey("s2", "u2"));
      await repo().createSession(sessionKey("s3", "u1", "other"));
      await repo().updateState(sessionKey("s1", "u1"), { "app:flag": "on" });
      expect(await state(sessionKey("s2", "u2"))).toEqual({ "app:flag": "on" });
      expect(await state(sessionKey("s3", "u1", "other"))).toEqual({});
      const listed = await repo().listSessions({ appName: "app", userId: "u2" });
      expect(listed.sessions[0]?.state).toEqual({ "app:flag": "on" });
    });

    it("shares user: state across one user's sessions, never with other users", async () => {
      await repo().createSession(sessionKey("s1", "u1"));
      await repo().createSession(sessionKey("s2", "u1"));
      await repo().createSession(sessionKey("s3", "u2"));
      await repo().createSession(sessionKey("s4", "u1", "other"));
      await repo().updateState(sessionKey("s1", "u1"), { "user:name": "Ann" });
      expect(await state(sessionKey("s2", "u1"))).toEqual({ "user:name": "Ann" });
      expect(await state(sessionKey("s3", "u2"))).toEqual({});
      expect(await state(sessionKey("s4", "u1", "other"))).toEqual({});
      expect(await repo().getUserState({ appName: "app", userId: "u2" })).toEqual({});
    });

    it("keeps session state private to its session", async () => {
      await repo().createSession(sessionKey("s1"));
      await repo().createSession(sessionKey("s2"));
      await repo().updateState(sessionKey("s1"), { mine: true });
      expect(await state(sessionKey("s2"))).toEqual({});
    });

    it("returns {} for scopes that hold no state", async () => {
      expect(await repo().getAppState({ appName: "nobody" })).toEqual({});
      expect(await repo().getUserState({ appName: "nobody", userId: "nobody" })).toEqual({});
    });

    it("records updateState as a system event carrying the delta, with one revision", async () => {
      await repo().createSession(key);
      const event = await repo().updateState(key, { a: 1, "temp:t": 1, "app:b": 2 });
      expect(event.author).toBe("system");
      expect(event.seq).toBe(1);
      expect(event.stateDelta).toEqual({ a: 1, "app:b": 2 });
      const read = await repo().getSession(key);
      expect(read?.events).toEqual([event]);
      expect(read?.revision).toBe(2);
      expect(read?.state).toEqual({ a: 1, "app:b": 2 });
    });

    it("never stores temp: keys anywhere", async () => {
      await repo().createSession(key, { state: { "temp:a": 1 } });
      await repo().updateState(key, { "temp:b": 2 });
      await repo().appendEvent(key, textEvent(1, { stateDelta: { "temp:c": 3 } }));
      expect(await state()).toEqual({});
      const snapshot = await repo().readSnapshot(key);
      expect(snapshot?.state).toEqual({});
      expect(JSON.stringify(snapshot?.events)).not.toContain("temp:");
    });
  });
}
