// SessionKitSessionService's own guarantees beyond ADK's checklist: stale sessions (both
// policies, both interleavings), bounded history for the Runner, listing without events, and
// events written by other sessionkit clients.
import { createEvent, type Event, type Session } from "@google/adk";
import { isSessionKitError, MemoryRepository, type SessionRepository } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import { SessionKitSessionService, sessionServiceFromUrl } from "../src/index.js";
import { storeUrls, tempDir } from "./services.js";

const app = "svc-app";
const key = { appName: app, userId: "u1", sessionId: "s1" };

function said(text: string, delta: Record<string, unknown> = {}, timestamp?: number): Event {
  return createEvent({
    invocationId: "inv",
    author: "user",
    content: { role: "user", parts: [{ text }] },
    actions: { stateDelta: delta },
    ...(timestamp !== undefined ? { timestamp } : {}),
  });
}

const texts = (s: Session | undefined) => s?.events.map((e) => e.content?.parts?.[0]?.text);

async function twoReads(service: SessionKitSessionService): Promise<[Session, Session]> {
  await service.createSession({ appName: app, userId: "u1", sessionId: "s1" });
  const a = await service.getSession(key);
  const b = await service.getSession(key);
  return [a as Session, b as Session];
}

describe("stale Session objects, default policy (merge: append safely)", () => {
  it("sequential interleaving: the stale object's append is stored after the other, and it catches up", async () => {
    const service = new SessionKitSessionService(new MemoryRepository());
    const [a, b] = await twoReads(service);
    await service.appendEvent({ session: a, event: said("A", { x: 1 }) });
    await service.appendEvent({ session: b, event: said("B", { y: 2 }) });
    expect(texts(await service.getSession(key))).toEqual(["A", "B"]);
    expect(texts(b)).toEqual(["A", "B"]);
    expect(b.state).toEqual({ x: 1, y: 2 });
    await service.appendEvent({ session: a, event: said("C") });
    expect(texts(a)).toEqual(["A", "B", "C"]);
    expect(a.state).toEqual({ x: 1, y: 2 });
    expect(texts(await service.getSession(key))).toEqual(["A", "B", "C"]);
  });

  it("concurrent interleaving on SQLite: both appends stored, in one seq order, no loss", async () => {
    const tmp = tempDir("concurrent");
    const service = await sessionServiceFromUrl(storeUrls.sqlite?.(tmp.dir) as string);
    const [a, b] = await twoReads(service);
    await Promise.all([
      service.appendEvent({ session: a, event: said("A", { x: 1 }) }),
      service.appendEvent({ session: b, event: said("B", { y: 2 }) }),
    ]);
    const stored = await service.getSession(key);
    expect(texts(stored)?.sort()).toEqual(["A", "B"]);
    expect(stored?.state).toEqual({ x: 1, y: 2 });
    // The object whose append came second saw the first; each object's events are in store order.
    const longer = (a.events.length > b.events.length ? a : b) as Session;
    expect(texts(longer)).toEqual(texts(stored));
    await service.close();
    tmp.remove();
  });

  it("equal timestamps are no reason to think an object stale (revisions, not clocks)", async () => {
    const service = new SessionKitSessionService(new MemoryRepository(), {
      onStaleSession: "error",
    });
    const [a] = await twoReads(service);
    const t = 1_760_000_000_000;
    await service.appendEvent({ session: a, event: said("1", {}, t) });
    await service.appendEvent({ session: a, event: said("2", {}, t) });
    await service.appendEvent({ session: a, event: said("3", {}, t) });
    expect(texts(await service.getSession(key))).toEqual(["1", "2", "3"]);
  });
});

describe('stale Session objects, onStaleSession: "error" (ADK-Python\'s behaviour)', () => {
  it("sequential interleaving: the stale append throws STALE and stores nothing, even with equal timestamps", async () => {
    const service = new SessionKitSessionService(new MemoryRepository(), {
      onStaleSession: "error",
    });
    const [a, b] = await twoReads(service);
    const t = 1_760_000_000_000;
    await service.appendEvent({ session: a, event: said("A", {}, t) });
    const stale = service.appendEvent({ session: b, event: said("B", { y: 2 }, t) });
    await expect(stale).rejects.toThrow(/is stale.*\(STALE\).*getSession/s);
    expect(texts(await service.getSession(key))).toEqual(["A"]);
    expect(texts(b)).toEqual([]);
    // Reloaded, it appends.
    const fresh = (await service.getSession(key)) as Session;
    await service.appendEvent({ session: fresh, event: said("B") });
    expect(texts(await service.getSession(key))).toEqual(["A", "B"]);
  });

  it("concurrent interleaving: exactly one of two appends from equal objects succeeds", async () => {
    const service = new SessionKitSessionService(new MemoryRepository(), {
      onStaleSession: "error",
    });
    const [a, b] = await twoReads(service);
    const results = await Promise.allSettled([
      service.appendEvent({ session: a, event: said("A") }),
      service.appendEvent({ session: b, event: said("B") }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(isSessionKitError(failed.reason, "STALE")).toBe(true);
    expect(await service.getSession(key)).toMatchObject({ events: [expect.anything()] });
  });

  it("re-appending the same event is idempotent and keeps the object current", async () => {
    const service = new SessionKitSessionService(new MemoryRepository(), {
      onStaleSession: "error",
    });
    const [a] = await twoReads(service);
    const event = said("once", { k: 1 });
    await service.appendEvent({ session: a, event });
    await service.appendEvent({ session: a, event });
    await service.appendEvent({ session: a, event: said("next") });
    expect(texts(await service.getSession(key))).toEqual(["once", "next"]);
  });
});

describe("maxHistoryEvents: what the Runner's config-less getSession loads", () => {
  it("returns the latest N events and the latest state; an explicit numRecentEvents wins", async () => {
    const service = new SessionKitSessionService(new MemoryRepository(), { maxHistoryEvents: 10 });
    const s = await service.createSession({ appName: app, userId: "u1", sessionId: "s1" });
    for (let i = 0; i < 50; i++) {
      await service.appendEvent({
        session: s,
        event: said(`m${i}`, { turn: i, [`k${i % 3}`]: i }),
      });
    }
    const bounded = (await service.getSession(key)) as Session;
    expect(texts(bounded)).toEqual(Array.from({ length: 10 }, (_, i) => `m${40 + i}`));
    expect(bounded.state).toEqual({ turn: 49, k0: 48, k1: 49, k2: 47 });
    expect(bounded.lastUpdateTime).toBe(bounded.events[9]?.timestamp);
    expect(
      (await service.getSession({ ...key, config: { numRecentEvents: 20 } }))?.events,
    ).toHaveLength(20);
    // Appending through the bounded object is exact (it is not stale).
    await service.appendEvent({ session: bounded, event: said("m50") });
    expect(bounded.events).toHaveLength(11);
    expect(texts(await service.getSession({ ...key, config: { numRecentEvents: 2 } }))).toEqual([
      "m49",
      "m50",
    ]);
  });

  it("rejects a maxHistoryEvents that is not a positive integer, and an unknown stale policy", () => {
    const repo = new MemoryRepository();
    expect(() => new SessionKitSessionService(repo, { maxHistoryEvents: 0 })).toThrow(
      /INVALID_ARGUMENT/,
    );
    expect(() => new SessionKitSessionService(repo, { maxHistoryEvents: 1.5 })).toThrow(
      /maxHistoryEvents/,
    );
    expect(
      () => new SessionKitSessionService(repo, { onStaleSession: "reload" as "merge" }),
    ).toThrow(/onStaleSession/);
  });
});

describe("afterTimestamp on sub-millisecond timestamps", () => {
  it("is strict on the exact ADK timestamp, also with numRecentEvents", async () => {
    const service = new SessionKitSessionService(new MemoryRepository());
    const s = await service.createSession({ appName: app, userId: "u1", sessionId: "s1" });
    const t = 1_760_000_000_000;
    for (const ts of [t + 0.25, t + 0.5, t + 0.75, t + 1.25]) {
      await service.appendEvent({ session: s, event: said(String(ts - t), {}, ts) });
    }
    const after = await service.getSession({ ...key, config: { afterTimestamp: t + 0.5 } });
    expect(texts(after)).toEqual(["0.75", "1.25"]);
    const lastOne = await service.getSession({
      ...key,
      config: { afterTimestamp: t + 0.5, numRecentEvents: 3 },
    });
    expect(texts(lastOne)).toEqual(["0.75", "1.25"]);
  });
});

describe("listing", () => {
  it("ties on the last-update time are listed by id ascending in both directions", async () => {
    let clock = 1_000;
    const service = new SessionKitSessionService(new MemoryRepository({ now: () => clock }));
    for (const id of ["c", "a", "d", "b"]) {
      clock = id === "d" ? 2_000 : 1_000;
      await service.createSession({
        appName: app,
        userId: id === "b" ? "u2" : "u1",
        sessionId: id,
      });
    }
    const desc = await service.listSessions({ appName: app, order: "desc" });
    expect(desc.sessions.map((s) => s.id)).toEqual(["d", "a", "b", "c"]);
    const asc = await service.listSessions({ appName: app, order: "asc", limit: 2, page: 1 });
    expect(asc.sessions.map((s) => s.id)).toEqual(["a", "b"]);
    const cut = await service.listSessions({ appName: app, order: "desc", limit: 2, offset: 1 });
    expect(cut.sessions.map((s) => s.id)).toEqual(["a", "b"]);
  });

  it("reads session records only: no event is read, whatever the histories", async () => {
    const repo = new MemoryRepository();
    const calls: string[] = [];
    const counted = new Proxy(repo, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          calls.push(String(prop));
          return value.apply(target, args);
        };
      },
    }) as SessionRepository;
    const service = new SessionKitSessionService(counted);
    for (let i = 0; i < 3; i++) {
      const s = await service.createSession({ appName: app, userId: "u1" });
      for (let j = 0; j < 20; j++) await service.appendEvent({ session: s, event: said(`e${j}`) });
    }
    calls.length = 0;
    const page = await service.listSessions({ appName: app, limit: 2 });
    expect(page).toMatchObject({ totalItems: 3, totalPages: 2 });
    expect(new Set(calls)).toEqual(new Set(["listSessions"]));
  });

  it("rejects negative or fractional paging with a typed error", async () => {
    const service = new SessionKitSessionService(new MemoryRepository());
    await expect(service.listSessions({ appName: app, limit: -1 })).rejects.toThrow(
      /INVALID_ARGUMENT.*limit/,
    );
    await expect(service.listSessions({ appName: app, limit: 2, page: 0 })).rejects.toThrow(/page/);
    await expect(service.listSessions({ appName: app, offset: 0.5 })).rejects.toThrow(/offset/);
  });
});

describe("events written by other sessionkit clients", () => {
  it("read as ADK events: Content kept, other content as a text part, delta as stateDelta", async () => {
    const repo = new MemoryRepository();
    const service = new SessionKitSessionService(repo);
    await repo.createSession(key);
    await repo.appendEvent(key, {
      author: "user",
      content: { role: "user", parts: [{ text: "hi" }] },
    });
    await repo.appendEvent(key, {
      author: "bot",
      content: { answer: 42 },
      stateDelta: { k: 1 },
      metadata: { m: true },
    });
    const read = (await service.getSession(key)) as Session;
    expect(read.events[0]).toMatchObject({ author: "user", content: { parts: [{ text: "hi" }] } });
    expect(read.events[1]).toMatchObject({
      author: "bot",
      content: { role: "model", parts: [{ text: '{"answer":42}' }] },
      actions: { stateDelta: { k: 1 } },
      customMetadata: { m: true },
    });
    expect(read.state).toEqual({ k: 1 });
  });
});

describe("sessionServiceFromUrl", () => {
  it("rejects an unknown scheme with a typed error naming the known ones", async () => {
    await expect(sessionServiceFromUrl("mongodb://x")).rejects.toThrow(/INVALID_ARGUMENT.*sqlite:/);
  });

  it("getOrCreateSession creates exactly once under concurrency", async () => {
    const service = await sessionServiceFromUrl("memory:");
    const made = await Promise.all(
      Array.from({ length: 5 }, () => service.getOrCreateSession({ ...key, state: { v: 1 } })),
    );
    expect(new Set(made.map((s) => s.id))).toEqual(new Set(["s1"]));
    expect((await service.listSessions({ appName: app })).totalItems).toBe(1);
    await service.close();
  });
});

describe("events without an id or a timestamp", () => {
  it("get both from the session before they are stored, and read back with them", async () => {
    const service = new SessionKitSessionService(new MemoryRepository());
    const s = await service.createSession({ appName: app, userId: "u1", sessionId: "s1" });
    const event = said("bare");
    (event as { id: string }).id = "";
    (event as { timestamp?: number }).timestamp = undefined;
    const before = Date.now();
    await service.appendEvent({ session: s, event });
    expect(event.id).toMatch(/.+/);
    expect(event.timestamp).toBeGreaterThanOrEqual(before);
    const read = await service.getSession(key);
    expect(read?.events[0]).toMatchObject({ id: event.id, timestamp: event.timestamp });
  });
});

describe("an event over the store's size limit", () => {
  it("is refused with LIMIT; nothing is stored and the Session object is unchanged", async () => {
    const service = await sessionServiceFromUrl("memory:", {
      repositoryOptions: { limits: { maxEventBytes: 4_000 } },
    });
    const s = await service.createSession({ appName: app, userId: "u1", sessionId: "s1" });
    const big = said("x".repeat(5_000), { k: 1 });
    await expect(service.appendEvent({ session: s, event: big })).rejects.toThrow(/LIMIT/);
    expect(s.events).toEqual([]);
    expect(s.state).toEqual({});
    expect((await service.getSession(key))?.events).toEqual([]);
    await service.appendEvent({ session: s, event: said("small") });
    expect(texts(await service.getSession(key))).toEqual(["small"]);
  });
});

describe("Session objects from listSessions", () => {
  it("are tracked: a stale one is refused under the error policy, caught up under merge", async () => {
    const strict = new SessionKitSessionService(new MemoryRepository(), {
      onStaleSession: "error",
    });
    const [a] = await twoReads(strict);
    const listed = (await strict.listSessions({ appName: app })).sessions[0] as Session;
    await strict.appendEvent({ session: a, event: said("A") });
    await expect(strict.appendEvent({ session: listed, event: said("L") })).rejects.toThrow(
      /STALE/,
    );

    const lenient = new SessionKitSessionService(new MemoryRepository());
    const [b] = await twoReads(lenient);
    const listedToo = (await lenient.listSessions({ appName: app })).sessions[0] as Session;
    await lenient.appendEvent({ session: b, event: said("B") });
    await lenient.appendEvent({ session: listedToo, event: said("L") });
    expect(texts(listedToo)).toEqual(["B", "L"]);
  });
});
