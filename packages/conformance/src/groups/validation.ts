import type { JsonObject, SessionKey, SessionRepository, SessionSnapshot } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { badIds, badJsonValues, wrap } from "../support/bad-values.js";
import { expectError, expectWatchError } from "../support/expect-error.js";
import { BASE_TIME, sessionKey, textEvent } from "../support/keys.js";
import { observe } from "../support/observe.js";

type Call = (repository: SessionRepository) => Promise<unknown>;

const base = sessionKey("s1");

/** A valid snapshot of another session, for writeSnapshot calls. */
function snapshotWith(patch: Partial<SessionSnapshot>, content: unknown = "ok"): SessionSnapshot {
  return {
    id: "imported",
    appName: "app",
    userId: "u1",
    status: "active",
    metadata: {},
    state: {},
    createdAt: BASE_TIME,
    updatedAt: BASE_TIME,
    expiredAt: null,
    revision: 2,
    lastSeq: 1,
    events: [{ id: "e1", seq: 1, author: "user", content: content as never, timestamp: BASE_TIME }],
    ...patch,
  };
}

/** Where a non-JSON value can enter, and the path prefix the error must name. */
function valueSinks(bad: unknown): Array<[string, string, Call]> {
  const w = wrap(bad) as unknown as JsonObject;
  return [
    [
      "createSession state",
      "options.state.k.parts[2].at",
      (r) => r.createSession(sessionKey("new"), { state: { k: w } }),
    ],
    [
      "createSession metadata",
      "options.metadata.parts[2].at",
      (r) => r.createSession(sessionKey("new"), { metadata: w }),
    ],
    [
      "appendEvent content",
      "event.content.parts[2].at",
      (r) => r.appendEvent(base, textEvent(9, { content: w })),
    ],
    [
      "appendEvent stateDelta",
      "event.stateDelta.k.parts[2].at",
      (r) => r.appendEvent(base, textEvent(9, { stateDelta: { k: w } })),
    ],
    [
      "appendEvent metadata",
      "event.metadata.parts[2].at",
      (r) => r.appendEvent(base, textEvent(9, { metadata: w })),
    ],
    [
      "appendEvents content",
      "events[1].content.parts[2].at",
      (r) => r.appendEvents(base, [textEvent(8), textEvent(9, { content: w })]),
    ],
    ["updateState delta", "delta.k.parts[2].at", (r) => r.updateState(base, { ok: 1, k: w })],
    ["setMeta value", "value.parts[2].at", (r) => r.setMeta("m", w)],
    [
      "writeScopedState state",
      "state.k.parts[2].at",
      (r) => r.writeScopedState({ appName: "app" }, { k: w }),
    ],
    [
      "writeSnapshot event content",
      "snapshot.events[0].content.parts[2].at",
      (r) => r.writeSnapshot(snapshotWith({}, w), { mode: "replace" }),
    ],
    [
      "writeSnapshot state",
      "snapshot.state.k.parts[2].at",
      (r) => r.writeSnapshot(snapshotWith({ state: { k: w } }), { mode: "replace" }),
    ],
    [
      "listSessions metadata filter",
      "options.metadata.parts[2].at",
      (r) => r.listSessions({ appName: "app", metadata: w }),
    ],
  ];
}

/** Where an id can enter, and the path the error must name. */
function idSinks(bad: string): Array<[string, string, Call | "watch"]> {
  const inKey = (field: keyof SessionKey): SessionKey => ({ ...base, [field]: bad });
  const keyed: Array<[string, (key: SessionKey) => Call]> = [
    ["createSession", (k) => (r) => r.createSession(k)],
    ["getSession", (k) => (r) => r.getSession(k)],
    ["appendEvent", (k) => (r) => r.appendEvent(k, textEvent(9))],
    ["appendEvents", (k) => (r) => r.appendEvents(k, [textEvent(9)])],
    ["listEvents", (k) => (r) => r.listEvents(k)],
    ["deleteSession", (k) => (r) => r.deleteSession(k)],
    ["updateState", (k) => (r) => r.updateState(k, { a: 1 })],
    ["expireSession", (k) => (r) => r.expireSession(k)],
    ["readSnapshot", (k) => (r) => r.readSnapshot(k)],
  ];
  const out: Array<[string, string, Call | "watch"]> = [];
  for (const [name, call] of keyed) {
    for (const field of ["appName", "userId", "sessionId"] as const) {
      out.push([`${name} key.${field}`, `key.${field}`, call(inKey(field))]);
    }
  }
  out.push(
    ["watch key.appName", "key.appName", "watch"],
    ["watch key.userId", "key.userId", "watch"],
    ["watch key.sessionId", "key.sessionId", "watch"],
    ["appendEvent event.id", "event.id", (r) => r.appendEvent(base, textEvent(9, { id: bad }))],
    [
      "appendEvent event.author",
      "event.author",
      (r) => r.appendEvent(base, textEvent(9, { author: bad })),
    ],
    [
      "appendEvent event.invocationId",
      "event.invocationId",
      (r) => r.appendEvent(base, textEvent(9, { invocationId: bad })),
    ],
    [
      "appendEvents events[0].id",
      "events[0].id",
      (r) => r.appendEvents(base, [textEvent(9, { id: bad })]),
    ],
    ["listSessions options.appName", "options.appName", (r) => r.listSessions({ appName: bad })],
    [
      "listSessions options.userId",
      "options.userId",
      (r) => r.listSessions({ appName: "app", userId: bad }),
    ],
    [
      "getUserState scope.appName",
      "scope.appName",
      (r) => r.getUserState({ appName: bad, userId: "u1" }),
    ],
    [
      "getUserState scope.userId",
      "scope.userId",
      (r) => r.getUserState({ appName: "app", userId: bad }),
    ],
    ["getAppState scope.appName", "scope.appName", (r) => r.getAppState({ appName: bad })],
    [
      "expireIdleSessions options.appName",
      "options.appName",
      (r) => r.expireIdleSessions({ idleSince: 0, appName: bad }),
    ],
    [
      "searchEvents options.appName",
      "options.appName",
      (r) => r.searchEvents({ appName: bad, query: "x" }),
    ],
    [
      "searchEvents options.userId",
      "options.userId",
      (r) => r.searchEvents({ appName: "app", userId: bad, query: "x" }),
    ],
    [
      "searchEvents options.sessionId",
      "options.sessionId",
      (r) => r.searchEvents({ appName: "app", sessionId: bad, query: "x" }),
    ],
    ["getMeta name", "name", (r) => r.getMeta(bad)],
    ["setMeta name", "name", (r) => r.setMeta(bad, 1)],
    [
      "writeSnapshot snapshot.id",
      "snapshot.id",
      (r) => r.writeSnapshot(snapshotWith({ id: bad }), { mode: "replace" }),
    ],
    [
      "writeSnapshot snapshot.userId",
      "snapshot.userId",
      (r) => r.writeSnapshot(snapshotWith({ userId: bad }), { mode: "replace" }),
    ],
    [
      "writeSnapshot event id",
      "snapshot.events[0].id",
      (r) =>
        r.writeSnapshot(
          snapshotWith({
            events: [{ id: bad, seq: 1, author: "user", content: 1, timestamp: BASE_TIME }],
          }),
          { mode: "replace" },
        ),
    ],
    [
      "writeScopedState scope.appName",
      "scope.appName",
      (r) => r.writeScopedState({ appName: bad }, { a: 1 }),
    ],
    [
      "writeScopedState scope.userId",
      "scope.userId",
      (r) => r.writeScopedState({ appName: "app", userId: bad }, { a: 1 }),
    ],
    ["scanSessions options.appName", "options.appName", (r) => r.scanSessions({ appName: bad })],
  );
  return out;
}

/** Bad input of every kind through every method: INVALID_ARGUMENT or LIMIT naming the path, no change. */
export function validationGroup({ repo, options }: SuiteContext): void {
  describe("validation", () => {
    async function seeded(): Promise<() => Promise<unknown>> {
      await repo().createSession(base, {
        state: { s: 1, "app:a": 1, "user:u": 1 },
        metadata: { m: 1 },
      });
      await repo().appendEvent(base, textEvent(1));
      await repo().setMeta("m", { v: 1 });
      const keys = [base, sessionKey("new"), sessionKey("imported")];
      const before = await observe(repo(), keys);
      return async () => expect(await observe(repo(), keys)).toEqual(before);
    }

    for (const [what, make] of badJsonValues) {
      it(`rejects ${what} with INVALID_ARGUMENT naming its path, in every method, changing nothing`, async () => {
        const unchanged = await seeded();
        for (const [sink, path, call] of valueSinks(make())) {
          const error = await expectError(() => call(repo()), "INVALID_ARGUMENT", path).catch(
            (e) => {
              throw new Error(`${sink}: ${(e as Error).message}`);
            },
          );
          expect(error.path, sink).toContain(path);
        }
        await unchanged();
      });
    }

    it("rejects undefined and missing content at the top level of an event", async () => {
      const unchanged = await seeded();
      await expectError(
        repo().appendEvent(base, { author: "user", content: undefined as never }),
        "INVALID_ARGUMENT",
        "event.content",
      );
      await expectError(
        repo().appendEvent(base, { author: "user" } as never),
        "INVALID_ARGUMENT",
        "event.content",
      );
      await unchanged();
    });

    for (const [what, bad] of badIds) {
      it(`rejects an id that is ${what} with INVALID_ARGUMENT in every method, changing nothing`, async () => {
        const unchanged = await seeded();
        for (const [sink, path, call] of idSinks(bad as string)) {
          const field = path.slice("key.".length) as keyof SessionKey;
          const run =
            call === "watch"
              ? expectWatchError(
                  () => repo().watch({ ...base, [field]: bad as string }),
                  "INVALID_ARGUMENT",
                  path,
                )
              : expectError(() => call(repo()), "INVALID_ARGUMENT", path);
          await run.catch((e) => {
            throw new Error(`${sink}: ${(e as Error).message}`);
          });
        }
        await unchanged();
      });
    }

    it("accepts ids of exactly 256 characters and any other printable text", async () => {
      const long = "é".repeat(256);
      const key = sessionKey(long, "user with spaces", "app/😀");
      await repo().createSession(key);
      await repo().appendEvent(key, textEvent(1, { id: long, author: long, invocationId: long }));
      const read = await repo().getSession(key);
      expect(read?.id).toBe(long);
      expect(read?.events?.[0]).toMatchObject({ id: long, author: long, invocationId: long });
    });

    it("rejects an event over the size limit with LIMIT in every append path, changing nothing", async () => {
      const unchanged = await seeded();
      const big = "x".repeat(options.maxEventBytes + 1);
      await expectError(repo().appendEvent(base, textEvent(9, { content: big })), "LIMIT", "event");
      await expectError(
        repo().appendEvent(base, textEvent(9, { metadata: { big } })),
        "LIMIT",
        "event",
      );
      await expectError(
        repo().appendEvents(base, [textEvent(8), textEvent(9, { content: { big } })]),
        "LIMIT",
        "events[1]",
      );
      await unchanged();
    });

    it("counts UTF-8 bytes, not characters, against the event limit", async () => {
      const unchanged = await seeded();
      const chars = Math.floor(options.maxEventBytes / 3) + 1;
      await expectError(
        repo().appendEvent(base, textEvent(9, { content: "€".repeat(chars) })),
        "LIMIT",
        "event",
      );
      await unchanged();
    });

    it("rejects a state value over the size limit with LIMIT in every state path, changing nothing", async () => {
      const unchanged = await seeded();
      const big = "y".repeat(options.maxStateValueBytes + 1);
      const bigObject = { nested: ["z".repeat(options.maxStateValueBytes)] };
      await expectError(
        repo().createSession(sessionKey("new"), { state: { big } }),
        "LIMIT",
        "options.state.big",
      );
      await expectError(repo().updateState(base, { big }), "LIMIT", "delta.big");
      await expectError(
        repo().updateState(base, { "user:big": bigObject }),
        "LIMIT",
        'delta["user:big"]',
      );
      await expectError(
        repo().appendEvent(base, textEvent(9, { stateDelta: { big: bigObject } })),
        "LIMIT",
        "event.stateDelta.big",
      );
      await expectError(repo().writeScopedState({ appName: "app" }, { big }), "LIMIT", "state.big");
      await unchanged();
    });

    it("rejects malformed options with INVALID_ARGUMENT, changing nothing", async () => {
      const unchanged = await seeded();
      const cases: Array<[string, () => Promise<unknown>]> = [
        ["options.recentEvents", () => repo().getSession(base, { recentEvents: -1 })],
        ["options.afterSeq", () => repo().getSession(base, { afterSeq: 1.5 })],
        ["options.afterTimestamp", () => repo().getSession(base, { afterTimestamp: "x" as never })],
        ["options.includeExpired", () => repo().getSession(base, { includeExpired: 1 as never })],
        ["options.recent", () => repo().getSession(base, { recent: 1 } as never)],
        [
          "options.expectedRevision",
          () => repo().appendEvent(base, textEvent(9), { expectedRevision: -1 }),
        ],
        [
          "options.expectedRevision",
          () => repo().updateState(base, { a: 1 }, { expectedRevision: "1" as never }),
        ],
        ["options.beforeSeq", () => repo().listEvents(base, { beforeSeq: -2 })],
        [
          "options.updatedAfter",
          () => repo().listSessions({ appName: "app", updatedAfter: Number.NaN }),
        ],
        ["options.mode", () => repo().writeSnapshot(snapshotWith({}), { mode: "merge" as never })],
        ["options.limit", () => repo().scanSessions({ limit: 0 })],
        ["options.limit", () => repo().listMeta("", { limit: -1 })],
        ["event.timestamp", () => repo().appendEvent(base, textEvent(9, { timestamp: -1 }))],
        ["event.timestamp", () => repo().appendEvent(base, textEvent(9, { timestamp: 1.5 }))],
        [
          "event.partial",
          () => repo().appendEvent(base, textEvent(9, { partial: "yes" as never })),
        ],
        ["event.seq", () => repo().appendEvent(base, { ...textEvent(9), seq: 5 } as never)],
        ["event.colour", () => repo().appendEvent(base, { ...textEvent(9), colour: 1 } as never)],
        ["events", () => repo().appendEvents(base, "e1" as never)],
        ["options.state", () => repo().createSession(sessionKey("new"), { state: [] as never })],
        ["delta", () => repo().updateState(base, null as never)],
        [
          "snapshot.events[0].seq",
          () =>
            repo().writeSnapshot(
              snapshotWith({
                events: [{ id: "e1", seq: 2, author: "user", content: 1, timestamp: 1 }],
              }),
              { mode: "replace" },
            ),
        ],
      ];
      for (const [path, call] of cases) {
        await expectError(call, "INVALID_ARGUMENT", path).catch((e) => {
          throw new Error(`${path}: ${(e as Error).message}`);
        });
      }
      await unchanged();
    });
  });
}
