import type {
  JsonObject,
  SessionEvent,
  SessionKey,
  SessionRepository,
  SessionSnapshot,
} from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { BASE_TIME, sessionKey, textEvent } from "../support/keys.js";

/** Nested values in every scope, so that a shared object would show through any of them. */
function nestedState(): JsonObject {
  return {
    cart: { items: ["apple"] },
    "app:config": { flags: ["a"] },
    "user:prefs": { theme: "dark" },
  };
}

/** Changes every nested value of `nestedState()` (and adds a key) in place. */
function mutateNested(state: JsonObject): void {
  ((state.cart as JsonObject).items as string[]).push("stolen");
  ((state["app:config"] as JsonObject).flags as string[]).push("stolen");
  (state["user:prefs"] as JsonObject).theme = "stolen";
  state.injected = true;
}

/** The content object of `event`; fails the test when there is none. */
function contentOf(event: SessionEvent | undefined): JsonObject {
  const content = event?.content;
  if (content === null || typeof content !== "object" || Array.isArray(content)) {
    throw new Error(`expected an event with object content, got ${JSON.stringify(event)}`);
  }
  return content;
}

/** What the store holds for `key`: merged state, app and user scopes, metadata and events. */
async function stored(repo: SessionRepository, key: SessionKey) {
  const session = await repo.getSession(key, { includeExpired: true });
  return {
    state: session?.state,
    metadata: session?.metadata,
    events: session?.events,
    app: await repo.getAppState({ appName: key.appName }),
    user: await repo.getUserState({ appName: key.appName, userId: key.userId }),
  };
}

/**
 * Stored values are copies: an object the caller passed in, or got back, and changes afterwards
 * changes nothing in the store — not the session, not the shared `app:`/`user:` scopes, not the
 * stored events, snapshots or meta values. Stores that serialise pass this by construction.
 */
export function copiesGroup({ repo }: SuiteContext): void {
  describe("stored values are copies", () => {
    const key = sessionKey("s1");

    it("createSession keeps its own copy of state and metadata", async () => {
      const state = nestedState();
      const metadata: JsonObject = { tags: ["vip"] };
      await repo().createSession(key, { state, metadata });
      const before = await stored(repo(), key);
      mutateNested(state);
      (metadata.tags as string[]).push("stolen");
      expect(await stored(repo(), key)).toEqual(before);
      expect(before.app).toEqual({ config: { flags: ["a"] } });
      expect(before.user).toEqual({ prefs: { theme: "dark" } });
    });

    it("appendEvent keeps its own copy of content, stateDelta and metadata", async () => {
      await repo().createSession(key);
      const stateDelta = nestedState();
      const content: JsonObject = { text: "hi", parts: [{ text: "hi" }] };
      const metadata: JsonObject = { trace: { spans: [1] } };
      await repo().appendEvent(key, textEvent(1, { content, stateDelta, metadata }));
      const before = await stored(repo(), key);
      mutateNested(stateDelta);
      ((content.parts as JsonObject[])[0] as JsonObject).text = "stolen";
      ((metadata.trace as JsonObject).spans as number[]).push(2);
      expect(await stored(repo(), key)).toEqual(before);
      expect(before.state).toEqual({
        cart: { items: ["apple"] },
        "app:config": { flags: ["a"] },
        "user:prefs": { theme: "dark" },
      });
    });

    it("appendEvents and updateState keep their own copies of every delta", async () => {
      await repo().createSession(key);
      const first = nestedState();
      const second: JsonObject = { "user:history": { pages: [1] } };
      await repo().appendEvents(key, [
        textEvent(1, { stateDelta: first }),
        textEvent(2, { stateDelta: second }),
      ]);
      const update: JsonObject = { "app:limits": { max: 1 }, notes: { list: ["x"] } };
      await repo().updateState(key, update);
      const before = await stored(repo(), key);
      mutateNested(first);
      ((second["user:history"] as JsonObject).pages as number[]).push(2);
      ((update["app:limits"] as JsonObject).max as number) = 99;
      ((update.notes as JsonObject).list as string[]).push("stolen");
      expect(await stored(repo(), key)).toEqual(before);
      expect(before.user).toEqual({ prefs: { theme: "dark" }, history: { pages: [1] } });
      expect(before.app).toEqual({ config: { flags: ["a"] }, limits: { max: 1 } });
    });

    it("objects returned by reads and writes are the caller's to change", async () => {
      const created = await repo().createSession(key, {
        state: nestedState(),
        metadata: { tags: ["vip"] },
      });
      const appended = await repo().appendEvent(
        key,
        textEvent(1, { stateDelta: { "user:prefs": { theme: "light" } } }),
      );
      const before = await stored(repo(), key);
      mutateNested(created.state);
      (created.metadata.tags as string[]).push("stolen");
      ((appended.stateDelta as JsonObject)["user:prefs"] as JsonObject).theme = "stolen";
      (appended.content as JsonObject).text = "stolen";
      const read = await stored(repo(), key);
      mutateNested(read.state as JsonObject);
      ((read.app.config as JsonObject).flags as string[]).push("stolen");
      (read.user.prefs as JsonObject).theme = "stolen";
      contentOf(read.events?.[0]).text = "stolen";
      const listed = await repo().listSessions({ appName: "app" });
      mutateNested(listed.sessions[0]?.state as JsonObject);
      const page = await repo().listEvents(key);
      contentOf(page.events[0]).text = "stolen";
      const snapshot = await repo().readSnapshot(key);
      if (snapshot === null) throw new Error("readSnapshot found no session");
      ((snapshot.state.cart as JsonObject).items as string[]).push("stolen");
      contentOf(snapshot.events[0]).text = "stolen";
      expect(await stored(repo(), key)).toEqual(before);
    });

    it("a session's state object is not shared with another session of the same user", async () => {
      const other = sessionKey("s2");
      await repo().createSession(key, { state: nestedState() });
      await repo().createSession(other);
      const first = await repo().getSession(key);
      mutateNested(first?.state as JsonObject);
      expect((await repo().getSession(other))?.state).toEqual({
        "app:config": { flags: ["a"] },
        "user:prefs": { theme: "dark" },
      });
    });

    it("writeSnapshot, writeScopedState and setMeta keep their own copies", async () => {
      const events: SessionEvent[] = [
        {
          id: "e1",
          seq: 1,
          author: "user",
          content: { text: "message 1" },
          stateDelta: { cart: { items: ["apple"] } },
          timestamp: BASE_TIME + 1,
        },
      ];
      const snapshot: SessionSnapshot & { metadata: JsonObject; state: JsonObject } = {
        id: "imported",
        appName: "app",
        userId: "u1",
        status: "active",
        metadata: { tags: ["vip"] },
        state: { cart: { items: ["apple"] } },
        createdAt: BASE_TIME,
        updatedAt: BASE_TIME + 1,
        expiredAt: null,
        revision: 2,
        lastSeq: 1,
        events,
      };
      await repo().writeSnapshot(snapshot, { mode: "replace" });
      const scoped: JsonObject = { config: { flags: ["a"] } };
      await repo().writeScopedState({ appName: "app" }, scoped);
      const meta: JsonObject = { position: { done: [1] } };
      await repo().setMeta("copies:test", meta);
      const importedKey = sessionKey("imported");
      const before = await repo().readSnapshot(importedKey);
      ((snapshot.state.cart as JsonObject).items as string[]).push("stolen");
      (snapshot.metadata.tags as string[]).push("stolen");
      contentOf(events[0]).text = "stolen";
      ((scoped.config as JsonObject).flags as string[]).push("stolen");
      ((meta.position as JsonObject).done as number[]).push(2);
      expect(await repo().readSnapshot(importedKey)).toEqual(before);
      expect(before?.state).toEqual({ cart: { items: ["apple"] } });
      expect(await repo().getAppState({ appName: "app" })).toEqual({ config: { flags: ["a"] } });
      const readMeta = (await repo().getMeta("copies:test")) as JsonObject;
      expect(readMeta).toEqual({ position: { done: [1] } });
      ((readMeta.position as JsonObject).done as number[]).push(3);
      expect(await repo().getMeta("copies:test")).toEqual({ position: { done: [1] } });
    });
  });
}
