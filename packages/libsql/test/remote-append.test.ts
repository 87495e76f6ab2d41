import { isSessionKitError } from "@sessionkit/core";
import { createLibsqlRepository, type LibsqlRepository } from "@sessionkit/libsql";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type SqldServer, startSqld } from "./support/sqld-server.js";

/** Counts HTTP requests: @libsql/client takes globalThis.fetch when the client is created. */
const realFetch = globalThis.fetch;
let requests = 0;

describe("remote appendEvent is one round trip (one batch)", () => {
  let server: SqldServer;
  let repo: LibsqlRepository;
  let n = 0;
  const key = () => ({ appName: `app${n}`, userId: "u", sessionId: "s" });

  beforeAll(async () => {
    globalThis.fetch = ((...args: Parameters<typeof fetch>) => {
      requests++;
      return realFetch(...args);
    }) as typeof fetch;
    server = await startSqld();
    repo = createLibsqlRepository({ url: server.httpUrl });
    await repo.open();
  });
  afterAll(async () => {
    await repo?.close();
    await server?.stop();
    globalThis.fetch = realFetch;
  });
  afterEach(() => {
    n++;
  });

  it("appendEvent with session, user and app state: one HTTP request", async () => {
    await repo.createSession(key(), { state: { keep: true } });
    requests = 0;
    const event = await repo.appendEvent(key(), {
      author: "user",
      content: { text: "hello" },
      stateDelta: { a: 1, "user:b": 2, "app:c": 3, "temp:d": 4 },
    });
    expect(requests).toBe(1);
    expect(event).toMatchObject({
      seq: 1,
      content: { text: "hello" },
      stateDelta: { a: 1, "user:b": 2, "app:c": 3 },
    });
    const session = await repo.getSession(key());
    expect(session?.state).toEqual({ keep: true, a: 1, "app:c": 3, "user:b": 2 });
    expect(session?.revision).toBe(2);
  });

  it("appendEvents of several events, deletes included: one HTTP request, seqs in order", async () => {
    await repo.createSession(key(), { state: { x: 1, y: 2 } });
    requests = 0;
    const events = await repo.appendEvents(key(), [
      { id: "a", author: "user", content: 1, stateDelta: { x: null } },
      { id: "b", author: "agent", content: 2, stateDelta: { y: { deep: [1, "two"] } } },
      { id: "c", author: "user", content: 3, timestamp: 42 },
    ]);
    expect(requests).toBe(1);
    expect(events.map((e) => [e.id, e.seq])).toEqual([
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ]);
    expect(events[2]?.timestamp).toBe(42);
    const session = await repo.getSession(key());
    expect(session?.state).toEqual({ y: { deep: [1, "two"] } });
    expect(session?.lastSeq).toBe(3);
    expect(session?.revision).toBe(4);
  });

  it("state keys that need JSON escaping take the general path and stay exact", async () => {
    await repo.createSession(key());
    const delta = { 'q"uote': 1, "back\\slash": 2, "new\nline": 3, __proto__: 4, "a.b": 5 };
    const parsed = JSON.parse(JSON.stringify(delta));
    await repo.appendEvent(key(), { author: "user", content: null, stateDelta: parsed });
    expect((await repo.getSession(key()))?.state).toEqual(parsed);
  });

  it("an idempotent retry, a conflict, a stale revision and a missing session keep their meaning", async () => {
    await repo.createSession(key());
    const first = await repo.appendEvent(key(), { id: "e", author: "user", content: "same" });
    const again = await repo.appendEvent(key(), { id: "e", author: "user", content: "same" });
    expect(again).toEqual(first);
    expect((await repo.getSession(key()))?.revision).toBe(2);
    const conflict = await repo
      .appendEvent(key(), { id: "e", author: "user", content: "other" })
      .catch((e: unknown) => e);
    expect(isSessionKitError(conflict, "CONFLICT")).toBe(true);
    const stale = await repo
      .appendEvent(key(), { author: "user", content: "x" }, { expectedRevision: 1 })
      .catch((e: unknown) => e);
    expect(isSessionKitError(stale, "STALE")).toBe(true);
    const missing = await repo
      .appendEvent({ ...key(), sessionId: "nope" }, { author: "user", content: "x" })
      .catch((e: unknown) => e);
    expect(isSessionKitError(missing, "NOT_FOUND")).toBe(true);
    expect((await repo.getSession(key()))?.lastSeq).toBe(1);
  });

  it("inside transaction(fn) the batch joins the open transaction and rolls back with it", async () => {
    await repo.createSession(key());
    await expect(
      repo.transaction(async (tx) => {
        await tx.appendEvent(key(), { author: "user", content: "rolled back" });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect((await repo.getSession(key()))?.lastSeq).toBe(0);
    await repo.transaction(async (tx) => {
      await tx.appendEvent(key(), { author: "user", content: "kept" });
      await tx.appendEvent(key(), { author: "user", content: "kept too" });
    });
    expect((await repo.getSession(key()))?.events?.map((e) => e.seq)).toEqual([1, 2]);
  });
});
