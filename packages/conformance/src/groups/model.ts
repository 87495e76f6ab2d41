import { type JsonValue, MemoryRepository, type SessionRepository } from "@sessionkit/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { normalizeSession, outcome } from "../model/normalize.js";
import { APP, type Operation, operations, SESSIONS, SETUP, USERS } from "../model/operations.js";
import { OperationPlanner } from "../model/run-operation.js";

/** Everything observable at the end of a run: every pool session's snapshot and every scope. */
async function finalState(repository: SessionRepository): Promise<JsonValue> {
  const out: JsonValue[] = [];
  for (const userId of USERS) {
    out.push(await repository.getUserState({ appName: APP, userId }));
    for (const sessionId of SESSIONS) {
      out.push(
        normalizeSession(await repository.readSnapshot({ appName: APP, userId, sessionId })),
      );
    }
  }
  out.push(await repository.getAppState({ appName: APP }));
  return out;
}

/** Runs `operations` against the target and a fresh MemoryRepository, step by step. */
async function compareWithReference(context: SuiteContext, operations: Operation[]): Promise<void> {
  const subject = await context.target.create();
  const reference = new MemoryRepository();
  try {
    const planner = new OperationPlanner();
    for (const [step, op] of operations.entries()) {
      const call = planner.plan(op);
      const expected = await outcome(() => call(reference));
      const actual = await outcome(() => call(subject));
      expect(actual, `step ${step}: ${JSON.stringify(op)}`).toEqual(expected);
    }
    expect(await finalState(subject), "final state").toEqual(await finalState(reference));
  } finally {
    await reference.close();
    try {
      await subject.close();
    } finally {
      await context.target.destroy?.(subject);
    }
  }
}

/**
 * Model-based test: random sequences of operations give the same observable results on the
 * target as on the reference implementation (wall-clock times and generated ids normalized,
 * errors compared by code).
 */
export function modelGroup(context: SuiteContext): void {
  describe("model-based (fast-check against MemoryRepository)", () => {
    it(
      `matches the reference on ${context.options.modelRuns} random operation sequences`,
      async () => {
        await fc.assert(
          fc.asyncProperty(operations, (ops) => compareWithReference(context, [...SETUP, ...ops])),
          { numRuns: context.options.modelRuns },
        );
      },
      Math.max(60_000, context.options.modelRuns * 8_000),
    );

    it("replays a fixed sequence covering every operation kind", async () => {
      const fixed: Operation[] = [
        {
          op: "create",
          user: "u1",
          session: "s1",
          state: { a: 1, "app:flag": true },
          tier: "gold",
        },
        {
          op: "append",
          user: "u1",
          session: "s1",
          event: {
            id: "e1",
            author: "user",
            text: "hi",
            timestamp: 1000,
            delta: { a: 2 },
            invalid: false,
          },
          expectedRevision: null,
        },
        { op: "retryLast", dropTimestamp: true, changeText: false },
        { op: "retryLast", dropTimestamp: false, changeText: true },
        {
          op: "append",
          user: "u1",
          session: "s1",
          event: {
            id: "e2",
            author: "user",
            text: "hi",
            timestamp: 2000,
            delta: null,
            invalid: false,
          },
          expectedRevision: 1,
        },
        {
          op: "appendBatch",
          user: "u1",
          session: "s1",
          events: [
            {
              id: "e3",
              author: "assistant",
              text: "bye",
              timestamp: 2000,
              delta: null,
              invalid: false,
            },
            { id: null, author: "user", text: "hi", timestamp: 3000, delta: null, invalid: true },
          ],
          expectedRevision: null,
        },
        {
          op: "appendBatch",
          user: "u1",
          session: "s1",
          events: [
            {
              id: "e3",
              author: "assistant",
              text: "bye",
              timestamp: 2000,
              delta: { "user:lang": "en" },
              invalid: false,
            },
            { id: null, author: "user", text: "hi", timestamp: 3000, delta: null, invalid: false },
          ],
          expectedRevision: 2,
        },
        { op: "updateState", user: "u1", session: "s1", delta: { a: null }, expectedRevision: 4 },
        {
          op: "get",
          user: "u1",
          session: "s1",
          recentEvents: 2,
          afterSeq: 1,
          afterTimestamp: 2000,
          includeExpired: false,
        },
        { op: "listEvents", user: "u1", session: "s1", order: "desc", limit: 2, afterSeq: 3 },
        { op: "create", user: "u2", session: "s1", state: null, tier: null },
        { op: "list", user: null, status: "all", order: "asc", limit: 1, tier: null },
        { op: "expire", user: "u2", session: "s1" },
        { op: "list", user: null, status: "expired", order: "desc", limit: 2, tier: null },
        { op: "expireIdle", everything: true },
        {
          op: "get",
          user: "u1",
          session: "s1",
          recentEvents: null,
          afterSeq: null,
          afterTimestamp: null,
          includeExpired: true,
        },
        { op: "delete", user: "u1", session: "s1" },
        { op: "scopes", user: "u1" },
        {
          op: "append",
          user: "u1",
          session: "s1",
          event: {
            id: "e1",
            author: "user",
            text: "hi",
            timestamp: 1000,
            delta: null,
            invalid: false,
          },
          expectedRevision: null,
        },
      ];
      await compareWithReference(context, fixed);
      const planner = new OperationPlanner();
      const reference = new MemoryRepository();
      const outcomes = [];
      for (const op of fixed) outcomes.push(await outcome(() => planner.plan(op)(reference)));
      await reference.close();
      expect(
        outcomes.filter((o) => "error" in o).map((o) => ("error" in o ? o.error : "")),
      ).toEqual(["CONFLICT", "STALE", "INVALID_ARGUMENT", "NOT_FOUND"]);
    });
  });
}
