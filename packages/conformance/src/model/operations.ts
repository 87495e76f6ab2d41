import type { JsonObject } from "@sessionkit/core";
import fc from "fast-check";

/** Small pools so that random sequences collide: same sessions, same event ids, same values. */
export const USERS = ["u1", "u2"] as const;
export const SESSIONS = ["s1", "s2"] as const;
export const EVENT_IDS = ["e1", "e2", "e3", "e4", "e5"] as const;
export const TIMESTAMPS = [1_000, 2_000, 2_000, 3_000] as const;
export const APP = "model-app";

export interface EventSpec {
  id: (typeof EVENT_IDS)[number] | null;
  author: "user" | "assistant";
  text: "hi" | "bye";
  timestamp: number;
  delta: JsonObject | null;
  /** Carries a Date in its content: both repositories must reject the call. */
  invalid: boolean;
}

export type Operation =
  | { op: "create"; user: string; session: string; state: JsonObject | null; tier: string | null }
  | {
      op: "append";
      user: string;
      session: string;
      event: EventSpec;
      expectedRevision: number | null;
    }
  | {
      op: "appendBatch";
      user: string;
      session: string;
      events: EventSpec[];
      expectedRevision: number | null;
    }
  | { op: "retryLast"; dropTimestamp: boolean; changeText: boolean }
  | {
      op: "updateState";
      user: string;
      session: string;
      delta: JsonObject;
      expectedRevision: number | null;
    }
  | {
      op: "get";
      user: string;
      session: string;
      recentEvents: number | null;
      afterSeq: number | null;
      afterTimestamp: number | null;
      includeExpired: boolean;
    }
  | {
      op: "listEvents";
      user: string;
      session: string;
      order: "asc" | "desc";
      limit: number;
      afterSeq: number | null;
    }
  | {
      op: "list";
      user: string | null;
      status: "active" | "expired" | "all";
      order: "asc" | "desc";
      limit: number;
      tier: string | null;
    }
  | { op: "expire"; user: string; session: string }
  | { op: "expireIdle"; everything: boolean }
  | { op: "delete"; user: string; session: string }
  | { op: "scopes"; user: string };

const user = fc.constantFrom(...USERS);
const session = fc.constantFrom(...SESSIONS);
const revision: fc.Arbitrary<number | null> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 8 }) },
);
const delta: fc.Arbitrary<JsonObject> = fc.constantFrom<JsonObject>(
  { a: 1 },
  { a: 2, b: "x" },
  { a: null },
  { "app:flag": true },
  { "user:lang": "en", "temp:t": 1 },
  { "user:lang": null, b: [1, 2] },
);

const eventSpec: fc.Arbitrary<EventSpec> = fc.record({
  id: fc.option(fc.constantFrom(...EVENT_IDS), { nil: null, freq: 6 }),
  author: fc.constantFrom("user" as const, "assistant" as const),
  text: fc.constantFrom("hi" as const, "bye" as const),
  timestamp: fc.constantFrom(...TIMESTAMPS),
  delta: fc.option(delta, { nil: null }),
  invalid: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

/** One random operation. */
export const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("create" as const),
      user,
      session,
      state: fc.option(delta, { nil: null }),
      tier: fc.option(fc.constantFrom("gold", "free"), { nil: null }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant("append" as const),
      user,
      session,
      event: eventSpec,
      expectedRevision: revision,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("appendBatch" as const),
      user,
      session,
      events: fc.array(eventSpec, { minLength: 1, maxLength: 3 }),
      expectedRevision: revision,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("retryLast" as const),
      dropTimestamp: fc.boolean(),
      changeText: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("updateState" as const),
      user,
      session,
      delta,
      expectedRevision: revision,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("get" as const),
      user,
      session,
      recentEvents: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
      afterSeq: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
      afterTimestamp: fc.option(fc.constantFrom(...TIMESTAMPS), { nil: null }),
      includeExpired: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("listEvents" as const),
      user,
      session,
      order: fc.constantFrom("asc" as const, "desc" as const),
      limit: fc.integer({ min: 1, max: 4 }),
      afterSeq: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("list" as const),
      user: fc.option(user, { nil: null }),
      status: fc.constantFrom("active" as const, "expired" as const, "all" as const),
      order: fc.constantFrom("asc" as const, "desc" as const),
      limit: fc.integer({ min: 1, max: 4 }),
      tier: fc.option(fc.constantFrom("gold", "free"), { nil: null, freq: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("expire" as const), user, session }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("expireIdle" as const), everything: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("delete" as const), user, session }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("scopes" as const), user }) },
);

/** Every run starts from these, so that most random operations hit an existing session. */
export const SETUP: Operation[] = [
  { op: "create", user: "u1", session: "s1", state: { a: 0 }, tier: "gold" },
  { op: "create", user: "u2", session: "s1", state: null, tier: null },
  { op: "create", user: "u1", session: "s2", state: null, tier: "free" },
];

/** A random sequence of operations. */
export const operations: fc.Arbitrary<Operation[]> = fc.array(operation, {
  minLength: 5,
  maxLength: 60,
  size: "medium",
});
