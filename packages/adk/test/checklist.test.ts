// The behaviour checklist of an ADK session service (after ADK-JS's own session tests, as a
// list of behaviours, not their code), run against SessionKitSessionService on four adapters
// AND against ADK's InMemorySessionService and DatabaseSessionService, so the checklist is
// proven to be ADK's. Differences are named in divergences.ts and asserted per implementation.
import { type BaseSessionService, createEvent, type Event, type Session } from "@google/adk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expected } from "./divergences.js";
import { factories, type ServiceUnderTest } from "./services.js";

// One store per implementation; every test gets its own app name, so tests share no sessions
// and no app or user state.
let appCounter = 0;
let app = "";
const T0 = 1_760_000_000_000;

function userEvent(text: string, extra: Parameters<typeof createEvent>[0] = {}): Event {
  return createEvent({
    invocationId: "inv-1",
    author: "user",
    content: { role: "user", parts: [{ text }] },
    ...extra,
  });
}

/** The event as any JSON store returns it: undefined members and the brand dropped. */
function jsonForm(event: Event): unknown {
  return JSON.parse(JSON.stringify(event));
}

describe.each(factories)("ADK session checklist: $name", (factory) => {
  const { kind } = factory;
  let sut: ServiceUnderTest;
  let service: BaseSessionService;
  beforeAll(async () => {
    sut = await factory.open();
    service = sut.service;
  });
  afterAll(async () => {
    await sut.close();
  });
  beforeEach(() => {
    appCounter += 1;
    app = `checklist-app-${appCounter}`;
  });

  const get = (userId: string, sessionId: string, config?: object) =>
    service.getSession({ appName: app, userId, sessionId, ...(config ? { config } : {}) });

  it("createSession: generated or given id, scoped initial state, temp: dropped, no events", async () => {
    const generated = await service.createSession({ appName: app, userId: "u1" });
    expect(generated.id).toMatch(/.+/);
    expect(generated.events).toEqual([]);
    const s = await service.createSession({
      appName: app,
      userId: "u1",
      sessionId: "s1",
      state: { k: 1, "app:a": "A", "user:u": "U", "temp:t": "T" },
    });
    expect(s.id).toBe("s1");
    expect(s.state).toEqual({ k: 1, "app:a": "A", "user:u": "U" });
    // app: reaches another user's session, user: the same user's other session, k neither.
    const other = await service.createSession({ appName: app, userId: "u2", sessionId: "s2" });
    const sibling = await get("u1", generated.id);
    const scoped = expected("inMemoryCreateStateNotScoped", kind, {
      default: true,
      "adk-memory": false,
    });
    expect(other.state).toEqual(scoped ? { "app:a": "A" } : {});
    expect(sibling?.state).toEqual(scoped ? { "app:a": "A", "user:u": "U" } : {});
  });

  it("createSession with a taken id rejects (typed error in sessionkit)", async () => {
    await service.createSession({ appName: app, userId: "u1", sessionId: "dup", state: { v: 1 } });
    const again = service.createSession({ appName: app, userId: "u1", sessionId: "dup" });
    if (expected("inMemoryDuplicateIdOverwrites", kind, { default: false, "adk-memory": true })) {
      await expect(again).resolves.toMatchObject({ id: "dup", state: {} });
      return;
    }
    await expect(again).rejects.toThrow(
      expected("duplicateIdErrorType", kind, {
        default: /already exists/i,
        sessionkit: /ALREADY_EXISTS/,
      }),
    );
    expect((await get("u1", "dup"))?.state).toEqual({ v: 1 });
  });

  it("getSession: undefined when missing or for another user; events in order", async () => {
    expect(await get("u1", "nope")).toBeUndefined();
    const s = await service.createSession({ appName: app, userId: "u1", sessionId: "s1" });
    for (let i = 0; i < 3; i++) {
      await service.appendEvent({ session: s, event: userEvent(`m${i}`, { timestamp: T0 + i }) });
    }
    expect(await get("u2", "s1")).toBeUndefined();
    const read = await get("u1", "s1");
    expect(read?.events.map((e) => e.content?.parts?.[0]?.text)).toEqual(["m0", "m1", "m2"]);
  });

  it("getSession: numRecentEvents keeps the last n; afterTimestamp is strict", async () => {
    const s = await service.createSession({ appName: app, userId: "u1", sessionId: "s1" });
    for (let i = 0; i < 5; i++) {
      await service.appendEvent({
        session: s,
        event: userEvent(`m${i}`, { timestamp: T0 + i * 10 }),
      });
    }
    const last2 = await get("u1", "s1", { numRecentEvents: 2 });
    expect(last2?.events.map((e) => e.timestamp)).toEqual([T0 + 30, T0 + 40]);
    const after = await get("u1", "s1", { afterTimestamp: T0 + 20 });
    expect(after?.events.map((e) => e.timestamp)).toEqual(
      expected("inMemoryAfterTimestampInclusive", kind, {
        default: [T0 + 30, T0 + 40],
        "adk-memory": [T0 + 20, T0 + 30, T0 + 40],
      }),
    );
    const both = await get("u1", "s1", { afterTimestamp: T0 + 5, numRecentEvents: 10 });
    expect(both?.events).toHaveLength(4);
  });

  it("appendEvent: partial events are not stored", async () => {
    const s = await service.createSession({ appName: app, userId: "u1", sessionId: "s1" });
    const partial = userEvent("tok", { partial: true });
    expect(await service.appendEvent({ session: s, event: partial })).toBe(partial);
    expect(s.events).toEqual([]);
    expect((await get("u1", "s1"))?.events).toEqual([]);
  });

  it("appendEvent: temp: keys never reach stored state; scopes 1:1", async () => {
    const s = await service.createSession({ appName: app, userId: "u1", sessionId: "s1" });
    const event = userEvent("x", {
      actions: { stateDelta: { k: "v", "app:a": 1, "user:u": 2, "temp:t": 3 } },
    });
    await service.appendEvent({ session: s, event });
    expect(s.state).toEqual({ k: "v", "app:a": 1, "user:u": 2 });
    const read = await get("u1", "s1");
    expect(read?.state).toEqual({ k: "v", "app:a": 1, "user:u": 2 });
    expect(read?.events[0]?.actions.stateDelta).toEqual({ k: "v", "app:a": 1, "user:u": 2 });
    const otherUser = await service.createSession({ appName: app, userId: "u2", sessionId: "s2" });
    expect(otherUser.state).toEqual({ "app:a": 1 });
    const sameUser = await service.createSession({ appName: app, userId: "u1", sessionId: "s3" });
    expect(sameUser.state).toEqual({ "app:a": 1, "user:u": 2 });
  });

  it("appendEvent: a null state value (ADK keeps the key, sessionkit deletes it)", async () => {
    const s = await service.createSession({
      appName: app,
      userId: "u1",
      sessionId: "s1",
      state: { k: 1 },
    });
    await service.appendEvent({
      session: s,
      event: userEvent("x", { actions: { stateDelta: { k: null } } }),
    });
    const read = await get("u1", "s1");
    expect(read?.state).toEqual(
      expected("nullDeletesStateKey", kind, { default: { k: null }, sessionkit: {} }),
    );
  });

  it("appendEvent: upserts by event id", async () => {
    const s = await service.createSession({ appName: app, userId: "u1", sessionId: "s1" });
    const first = userEvent("first", { timestamp: T0 });
    await service.appendEvent({ session: s, event: first });
    await service.appendEvent({ session: s, event: userEvent("other", { timestamp: T0 + 1 }) });
    const replacement = userEvent("replaced", {
      id: first.id,
      timestamp: T0,
      actions: { stateDelta: { replaced: true } },
    });
    await service.appendEvent({ session: s, event: replacement });
    const read = await get("u1", "s1");
    expect(read?.events.map((e) => e.content?.parts?.[0]?.text)).toEqual(["replaced", "other"]);
    expect(read?.state).toEqual({ replaced: true });
    expect(s.events.map((e) => e.content?.parts?.[0]?.text)).toEqual(["replaced", "other"]);
  });

  it("appendEvent: lastUpdateTime is the appended event's timestamp", async () => {
    const s = await service.createSession({ appName: app, userId: "u1", sessionId: "s1" });
    await service.appendEvent({ session: s, event: userEvent("x", { timestamp: T0 }) });
    expect(s.lastUpdateTime).toBe(T0);
    expect((await get("u1", "s1"))?.lastUpdateTime).toBe(T0);
  });

  it("events round-trip every field: unknown fields, CompactedEvent, sub-millisecond timestamps", async () => {
    const s = await service.createSession({ appName: app, userId: "u1", sessionId: "s1" });
    const rich = userEvent("rich", {
      timestamp: T0 + 0.123456,
      branch: "root.child",
      longRunningToolIds: ["call-1"],
      customMetadata: { nested: { snake_case_key: 1, camelKey: [1, "two", null] } },
      actions: {
        stateDelta: { k: { deep: [1, 2] } },
        artifactDelta: { "file.txt": 2 },
        transferToAgent: "child",
        escalate: false,
      },
      output: { result: [1, 2, 3] },
      nodeInfo: { path: "wf.child.0", outputFor: ["wf"] },
    } as Parameters<typeof createEvent>[0]);
    (rich as unknown as Record<string, unknown>).futureField = { anything: ["goes", 1.5] };
    const compacted = createEvent({
      author: "model",
      invocationId: "inv-2",
      timestamp: T0 + 1.5,
      ...({
        isCompacted: true,
        startTime: T0,
        endTime: T0 + 1,
        compactedContent: "summary",
      } as object),
    });
    await service.appendEvent({ session: s, event: rich });
    await service.appendEvent({ session: s, event: compacted });
    const read = (await get("u1", "s1")) as Session;
    expect(jsonForm(read.events[0] as Event)).toEqual(jsonForm(rich));
    expect(jsonForm(read.events[1] as Event)).toEqual(jsonForm(compacted));
    expect(read.events[0]?.timestamp).toBe(T0 + 0.123456);
  });

  it("events appended with out-of-order timestamps (clock skew)", async () => {
    const s = await service.createSession({ appName: app, userId: "u1", sessionId: "s1" });
    await service.appendEvent({ session: s, event: userEvent("late", { timestamp: T0 + 100 }) });
    await service.appendEvent({ session: s, event: userEvent("early", { timestamp: T0 }) });
    const read = await get("u1", "s1");
    expect(read?.events.map((e) => e.content?.parts?.[0]?.text)).toEqual(
      expected("databaseSortsEventsByTimestamp", kind, {
        default: ["late", "early"],
        "adk-database": ["early", "late"],
      }),
    );
  });

  it("deleteSession: removes the session, keeps app and user state; no-op when missing", async () => {
    const s = await service.createSession({ appName: app, userId: "u1", sessionId: "s1" });
    await service.appendEvent({
      session: s,
      event: userEvent("x", { actions: { stateDelta: { "app:a": 1, "user:u": 2 } } }),
    });
    await service.deleteSession({ appName: app, userId: "u1", sessionId: "s1" });
    expect(await get("u1", "s1")).toBeUndefined();
    await service.deleteSession({ appName: app, userId: "u1", sessionId: "s1" });
    const next = await service.createSession({ appName: app, userId: "u1", sessionId: "s2" });
    expect(next.state).toEqual({ "app:a": 1, "user:u": 2 });
  });

  describe("listSessions", () => {
    /** Five sessions of u1 (a–e) and one of u2; b, c, d share one last-update time. */
    async function seed(): Promise<void> {
      const times: Record<string, number> = {
        a: T0 + 10,
        b: T0 + 20,
        c: T0 + 20,
        d: T0 + 20,
        e: T0 + 30,
      };
      for (const [id, ts] of Object.entries(times)) {
        const s = await service.createSession({
          appName: app,
          userId: "u1",
          sessionId: id,
          state: { id },
        });
        await service.appendEvent({ session: s, event: userEvent(id, { timestamp: ts }) });
      }
      await service.createSession({ appName: app, userId: "u2", sessionId: "z" });
    }

    it("sessions without events; totals; the user filter", async () => {
      await seed();
      const all = await service.listSessions({ appName: app });
      expect(all.totalItems).toBe(6);
      expect(all).toMatchObject({ page: 1, limit: 6, totalPages: 1 });
      expect(all.sessions.every((s) => s.events.length === 0)).toBe(true);
      const u1 = await service.listSessions({ appName: app, userId: "u1", order: "asc" });
      expect(u1.sessions.map((s) => s.id)).toHaveLength(5);
      expect(u1.sessions[0]?.state).toEqual(
        expected("inMemoryListsWithoutState", kind, { default: { id: "a" }, "adk-memory": {} }),
      );
      const none = await service.listSessions({ appName: "no-such-app" });
      expect(none).toEqual({ sessions: [], page: 1, limit: 0, totalItems: 0, totalPages: 0 });
    });

    it("order by last update, ties by id ascending in both directions", async () => {
      await seed();
      const asc = await service.listSessions({ appName: app, userId: "u1", order: "asc" });
      const desc = await service.listSessions({ appName: app, userId: "u1", order: "desc" });
      // The rule, checked on the listed lastUpdateTime values themselves.
      const byRule = (sign: number) => (a: Session, b: Session) =>
        sign * (a.lastUpdateTime - b.lastUpdateTime) || (a.id < b.id ? -1 : 1);
      expect(asc.sessions).toEqual([...asc.sessions].sort(byRule(1)));
      expect(desc.sessions).toEqual([...desc.sessions].sort(byRule(-1)));
      // What those values are: the last event's timestamp in ADK; sessionkit's time of the write.
      if (expected("listOrderUsesStoreClock", kind, { default: false, sessionkit: true })) {
        expect(asc.sessions.map((s) => s.id)).toEqual(["a", "b", "c", "d", "e"]);
      } else {
        expect(desc.sessions.map((s) => s.id)).toEqual(["e", "b", "c", "d", "a"]);
      }
    });

    it("limit, offset and page (page wins); limit 0 lists none", async () => {
      await seed();
      const base = { appName: app, userId: "u1", order: "asc" as const };
      const ids = (await service.listSessions(base)).sessions.map((s) => s.id);
      const p2 = await service.listSessions({ ...base, limit: 2, page: 2, offset: 4 });
      expect(p2.sessions.map((s) => s.id)).toEqual(ids.slice(2, 4));
      expect(p2).toMatchObject({ page: 2, limit: 2, totalItems: 5, totalPages: 3 });
      const off = await service.listSessions({ ...base, limit: 2, offset: 3 });
      expect(off.sessions.map((s) => s.id)).toEqual(ids.slice(3, 5));
      expect(off).toMatchObject({ page: 2, limit: 2, totalItems: 5, totalPages: 3 });
      const zero = await service.listSessions({ ...base, limit: 0 });
      expect(zero).toMatchObject({ sessions: [], page: 1, limit: 0, totalItems: 5, totalPages: 0 });
      const tail = await service.listSessions({ ...base, offset: 3 });
      expect(tail.sessions.map((s) => s.id)).toEqual(ids.slice(3));
      expect(tail).toMatchObject({ page: 1, limit: 5, totalItems: 5, totalPages: 1 });
    });
  });
});
