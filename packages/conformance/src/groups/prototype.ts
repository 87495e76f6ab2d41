import type { JsonObject } from "@sessionkit/core";
import { afterEach, describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { sessionKey, textEvent } from "../support/keys.js";

const NAMES = ["__proto__", "constructor", "prototype"] as const;

/** An object whose own key `name` holds `value` (a literal `{ __proto__: x }` would not). */
function own(name: string, value: unknown): JsonObject {
  return JSON.parse(`{${JSON.stringify(name)}:${JSON.stringify(value)}}`) as JsonObject;
}

function assertNotPolluted(): void {
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty("polluted");
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(typeof Object.prototype.constructor).toBe("function");
  expect({}.constructor).toBe(Object);
}

/** `__proto__`, `constructor` and `prototype` are ordinary data in every position. */
export function prototypeGroup({ repo }: SuiteContext): void {
  describe("prototype pollution", () => {
    afterEach(() => assertNotPolluted());

    for (const name of NAMES) {
      describe(`"${name}"`, () => {
        it("works as app name, user id and session id, with no phantom sessions", async () => {
          const key = sessionKey(name, name, name);
          await repo().createSession(key, { metadata: { m: 1 } });
          await repo().appendEvent(key, textEvent(1));
          const read = await repo().getSession(key);
          expect(read).toMatchObject({ appName: name, userId: name, id: name, lastSeq: 1 });
          expect(read?.metadata).toEqual({ m: 1 });
          const listed = await repo().listSessions({ appName: name, status: "all" });
          expect(listed.sessions.map((s) => [s.appName, s.userId, s.id])).toEqual([
            [name, name, name],
          ]);
          const empty = await repo().listSessions({ appName: "app", status: "all" });
          expect(empty.sessions).toEqual([]);
          expect(await repo().getSession(sessionKey("s1", name, name))).toBeNull();
          expect(await repo().getSession(sessionKey(name, "u1", name))).toBeNull();
          expect(await repo().scanSessions()).toEqual([key]);
          expect(await repo().deleteSession(sessionKey("other", name, name))).toBe(false);
          expect(await repo().deleteSession(key)).toBe(true);
          expect(await repo().scanSessions()).toEqual([]);
        });

        it("is never a phantom session, user or app on an empty store", async () => {
          expect(await repo().getSession(sessionKey(name, name, name))).toBeNull();
          expect(await repo().getSession(sessionKey("s1", "u1", name))).toBeNull();
          expect(await repo().getAppState({ appName: name })).toEqual({});
          expect(await repo().getUserState({ appName: name, userId: name })).toEqual({});
          expect((await repo().listSessions({ appName: name, status: "all" })).sessions).toEqual(
            [],
          );
          expect(await repo().deleteSession(sessionKey(name, name, name))).toBe(false);
          expect(await repo().getMeta(name)).toBeNull();
          expect(await repo().listStateScopes()).toEqual([]);
        });

        it("is stored as a state key in every scope and read back", async () => {
          const key = sessionKey("s1");
          const initial = {
            ...own(name, { polluted: "session" }),
            ...own(`app:${name}`, { polluted: "app" }),
            ...own(`user:${name}`, { polluted: "user" }),
          };
          const created = await repo().createSession(key, { state: initial });
          expect(Object.hasOwn(created.state, name)).toBe(true);
          expect(created.state[name]).toEqual({ polluted: "session" });
          const read = await repo().getSession(key);
          expect(Object.keys(read?.state ?? {})).toEqual([name, `app:${name}`, `user:${name}`]);
          expect(read?.state[`app:${name}`]).toEqual({ polluted: "app" });
          expect(await repo().getAppState({ appName: "app" })).toEqual(
            own(name, { polluted: "app" }),
          );
          expect(await repo().getUserState({ appName: "app", userId: "u1" })).toEqual(
            own(name, { polluted: "user" }),
          );
          expect((await repo().readSnapshot(key))?.state).toEqual(
            own(name, { polluted: "session" }),
          );
          const other = await repo().createSession(sessionKey("s2", "u2"));
          expect(Object.keys(other.state)).toEqual([`app:${name}`]);
        });

        it("is applied and deleted as a delta key", async () => {
          const key = sessionKey("s1");
          await repo().createSession(key);
          const event = await repo().updateState(key, {
            ...own(name, 1),
            ...own(`user:${name}`, 2),
          });
          expect(event.stateDelta).toEqual({ ...own(name, 1), ...own(`user:${name}`, 2) });
          expect((await repo().getSession(key))?.state).toEqual({
            ...own(name, 1),
            ...own(`user:${name}`, 2),
          });
          await repo().appendEvent(
            key,
            textEvent(1, { stateDelta: { ...own(name, null), ...own(`user:${name}`, null) } }),
          );
          expect((await repo().getSession(key))?.state).toEqual({});
          await repo().writeScopedState({ appName: "app" }, own(name, { polluted: 1 }));
          expect(await repo().getAppState({ appName: "app" })).toEqual(own(name, { polluted: 1 }));
        });

        it("is stored as a nested content, metadata and session metadata key", async () => {
          const key = sessionKey("s1");
          const content = { a: [own(name, { polluted: true })], b: own(name, own(name, 1)) };
          await repo().createSession(key, { metadata: own(name, { polluted: "meta" }) });
          await repo().appendEvent(
            key,
            textEvent(1, { content, metadata: own(name, { polluted: "m" }) }),
          );
          const read = await repo().getSession(key);
          expect(read?.metadata).toEqual(own(name, { polluted: "meta" }));
          expect(Object.hasOwn(read?.metadata ?? {}, name)).toBe(true);
          expect(read?.events?.[0]?.content).toEqual(content);
          expect(read?.events?.[0]?.metadata).toEqual(own(name, { polluted: "m" }));
          const byMeta = await repo().listSessions({
            appName: "app",
            metadata: own(name, { polluted: "meta" }),
          });
          expect(byMeta.sessions.map((s) => s.id)).toEqual(["s1"]);
          const none = await repo().listSessions({
            appName: "app",
            metadata: own(name, { polluted: "other" }),
          });
          expect(none.sessions).toEqual([]);
          const retry = await repo().appendEvent(
            key,
            textEvent(1, { content, metadata: own(name, { polluted: "m" }) }),
          );
          expect(retry.seq).toBe(1);
        });

        it("is an ordinary meta name and meta value key", async () => {
          await repo().setMeta(name, own(name, { polluted: true }));
          expect(await repo().getMeta(name)).toEqual(own(name, { polluted: true }));
          expect(await repo().listMeta("")).toEqual([
            { name, value: own(name, { polluted: true }) },
          ]);
          await repo().setMeta(name, null);
          expect(await repo().getMeta(name)).toBeNull();
        });
      });
    }
  });
}
