import type {
  AgentInputItem,
  Session,
  SessionHistoryRewriteAwareSession,
  SessionHistoryTransactionAwareSession,
} from "@openai/agents-core";
import { describe, expect, it } from "vitest";
import { everyKindOfItem, userText } from "./sample-items.js";

/** A session under test that also offers the transaction and rewrite capabilities. */
export type TransactionalSession = Session &
  SessionHistoryTransactionAwareSession &
  SessionHistoryRewriteAwareSession;

/**
 * Where an implementation intentionally behaves differently from the SDK's MemorySession.
 * Each is asserted, for both sides, by the suite.
 */
export interface Divergences {
  /** What a failed transaction throws: the SDK's UserError, or a typed SessionKitError. */
  transactionErrors: "UserError" | "SessionKitError";
  /** Whether operation ids applied before clearSession are still remembered after it. */
  operationIdsSurviveClear: boolean;
  /** Whether an object member whose value is undefined comes back (as undefined) or is dropped. */
  undefinedMembers: "kept" | "dropped";
  /** Whether a Uint8Array inside an item is stored or rejected before writing. */
  binaryData: "kept" | "rejected";
}

/** The divergences of the SDK's own MemorySession: none, by definition. */
export const memorySessionBehaviour: Divergences = {
  transactionErrors: "UserError",
  operationIdsSurviveClear: false,
  undefinedMembers: "kept",
  binaryData: "kept",
};

const texts = (items: AgentInputItem[]) =>
  items.map((item) => (item as { content?: unknown }).content);

function call(callId: string, args: string): AgentInputItem {
  return { type: "function_call", callId, name: "lookup", status: "completed", arguments: args };
}

/** Each item as a short label: its text, or `call:<callId>(<arguments>)`. */
const labels = (items: AgentInputItem[]) =>
  items.map((item) =>
    item.type === "function_call" ? `call:${item.callId}(${item.arguments})` : texts([item])[0],
  );

/**
 * The `Session` interface's expectations, written once and run against every implementation
 * (SessionKitSession on each store, and the SDK's MemorySession to prove they are the SDK's).
 */
export function sessionConformance(
  name: string,
  newSession: () => Promise<TransactionalSession>,
  divergences: Divergences,
): void {
  async function withItems(...contents: string[]): Promise<TransactionalSession> {
    const session = await newSession();
    await session.addItems(contents.map(userText));
    return session;
  }

  async function expectTransactionError(promise: Promise<unknown>, code: string): Promise<void> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    if (divergences.transactionErrors === "UserError") {
      expect((error as Error).name).toBe("UserError");
    } else {
      expect(error).toMatchObject({ name: "SessionKitError", code });
    }
  }

  describe(`Session conformance: ${name}`, () => {
    it("a new session is empty and has a stable id", async () => {
      const session = await newSession();
      const id = await session.getSessionId();
      expect(id).toEqual(expect.any(String));
      expect(await session.getSessionId()).toBe(id);
      expect(await session.getItems()).toEqual([]);
      expect(await session.getItems(3)).toEqual([]);
      expect(await session.popItem()).toBeUndefined();
    });

    it("getItems returns everything, or the latest `limit` items, oldest first", async () => {
      const session = await withItems("a", "b");
      await session.addItems([userText("c"), userText("d")]);
      await session.addItems([]);
      expect(texts(await session.getItems())).toEqual(["a", "b", "c", "d"]);
      expect(texts(await session.getItems(2))).toEqual(["c", "d"]);
      expect(texts(await session.getItems(100))).toEqual(["a", "b", "c", "d"]);
      expect(await session.getItems(0)).toEqual([]);
      expect(await session.getItems(-1)).toEqual([]);
    });

    it("items round-trip with the same JSON text, and reads are copies", async () => {
      const session = await newSession();
      const items = everyKindOfItem();
      await session.addItems(items);
      const read = await session.getItems();
      expect(read.map((item) => JSON.stringify(item))).toEqual(
        items.map((item) => JSON.stringify(item)),
      );
      expect(read).toEqual(items);
      (read[0] as { content: string }).content = "changed";
      (items[1] as { role: string }).role = "changed";
      expect(JSON.stringify(await session.getItems())).toBe(JSON.stringify(everyKindOfItem()));
    });

    it("popItem removes and returns the latest item until the history is empty", async () => {
      const session = await withItems("a", "b", "c");
      expect(texts([(await session.popItem()) as AgentInputItem])).toEqual(["c"]);
      expect(texts(await session.getItems())).toEqual(["a", "b"]);
      await session.addItems([userText("d")]);
      expect(texts(await session.getItems(2))).toEqual(["b", "d"]);
      expect(texts([(await session.popItem()) as AgentInputItem])).toEqual(["d"]);
      expect(texts([(await session.popItem()) as AgentInputItem])).toEqual(["b"]);
      expect(texts([(await session.popItem()) as AgentInputItem])).toEqual(["a"]);
      expect(await session.popItem()).toBeUndefined();
      expect(await session.getItems()).toEqual([]);
    });

    it("clearSession empties the history; the session stays usable", async () => {
      const session = await withItems("a", "b");
      await session.clearSession();
      expect(await session.getItems()).toEqual([]);
      expect(await session.getItems(5)).toEqual([]);
      await session.addItems([userText("c")]);
      expect(texts(await session.getItems())).toEqual(["c"]);
      const fresh = await newSession();
      await fresh.clearSession();
      expect(await fresh.getItems()).toEqual([]);
    });

    it("append_items applies once per operation id", async () => {
      const session = await withItems("a");
      const args = {
        operationId: "op-1",
        transaction: { type: "append_items" as const, items: [userText("b"), userText("c")] },
      };
      await session.applyHistoryTransaction(args);
      await session.applyHistoryTransaction(structuredClone(args));
      expect(texts(await session.getItems())).toEqual(["a", "b", "c"]);
    });

    it("the same operation id with another transaction fails and changes nothing", async () => {
      const session = await withItems("a");
      await session.applyHistoryTransaction({
        operationId: "op-1",
        transaction: { type: "append_items", items: [userText("b")] },
      });
      for (const transaction of [
        { type: "append_items" as const, items: [userText("b"), userText("c")] },
        { type: "append_items" as const, items: [] },
        { type: "replace_suffix" as const, expectedSuffix: [userText("b")], replacement: [] },
      ]) {
        await expectTransactionError(
          Promise.resolve(session.applyHistoryTransaction({ operationId: "op-1", transaction })),
          "CONFLICT",
        );
      }
      expect(texts(await session.getItems())).toEqual(["a", "b"]);
    });

    it("replace_suffix swaps a matching tail, and a retry is a no-op", async () => {
      const session = await withItems("a", "b", "c");
      const args = {
        operationId: "op-r",
        transaction: {
          type: "replace_suffix" as const,
          expectedSuffix: [userText("b"), userText("c")],
          replacement: [userText("x"), userText("y"), userText("z")],
        },
      };
      await session.applyHistoryTransaction(args);
      expect(texts(await session.getItems())).toEqual(["a", "x", "y", "z"]);
      await session.applyHistoryTransaction(structuredClone(args));
      expect(texts(await session.getItems())).toEqual(["a", "x", "y", "z"]);
      expect(texts([(await session.popItem()) as AgentInputItem])).toEqual(["z"]);
      expect(texts(await session.getItems(2))).toEqual(["x", "y"]);
      await session.applyHistoryTransaction({
        operationId: "op-empty-suffix",
        transaction: { type: "replace_suffix", expectedSuffix: [], replacement: [userText("w")] },
      });
      expect(texts(await session.getItems())).toEqual(["a", "x", "y", "w"]);
    });

    it("replace_suffix compares items by value, not by key order", async () => {
      const session = await newSession();
      await session.addItems([{ role: "user", content: "a", type: "message" }]);
      await session.applyHistoryTransaction({
        operationId: "op-k",
        transaction: {
          type: "replace_suffix",
          expectedSuffix: [{ type: "message", content: "a", role: "user" }],
          replacement: [userText("b")],
        },
      });
      expect(texts(await session.getItems())).toEqual(["b"]);
    });

    it("replace_suffix with a tail that does not match fails and changes nothing", async () => {
      const session = await withItems("a", "b");
      for (const expectedSuffix of [
        [userText("a")],
        [userText("x"), userText("a"), userText("b")],
      ]) {
        await expectTransactionError(
          Promise.resolve(
            session.applyHistoryTransaction({
              operationId: `op-${expectedSuffix.length}`,
              transaction: { type: "replace_suffix", expectedSuffix, replacement: [userText("z")] },
            }),
          ),
          "STALE",
        );
      }
      expect(texts(await session.getItems())).toEqual(["a", "b"]);
      // The failed operation id was not recorded: the corrected transaction may use it.
      await session.applyHistoryTransaction({
        operationId: "op-1",
        transaction: { type: "replace_suffix", expectedSuffix: [userText("b")], replacement: [] },
      });
      expect(texts(await session.getItems())).toEqual(["a"]);
    });

    it("malformed transaction arguments fail before anything is written", async () => {
      const session = await withItems("a");
      const bad = [
        { operationId: "", transaction: { type: "append_items", items: [] } },
        { operationId: "  ", transaction: { type: "append_items", items: [] } },
        { operationId: "op", transaction: { type: "delete_everything" } },
        { operationId: "op", transaction: { type: "append_items", items: [], extra: 1 } },
        { operationId: "op", transaction: { type: "append_items", items: "nope" } },
      ];
      for (const args of bad) {
        await expect(
          Promise.resolve(session.applyHistoryTransaction(args as never)),
        ).rejects.toThrow();
      }
      expect(texts(await session.getItems())).toEqual(["a"]);
    });

    it("applyHistoryMutations replaces a function call in place; later ones with its id leave", async () => {
      const session = await newSession();
      await session.addItems([userText("a"), call("c1", "1"), userText("b"), call("c2", "2")]);
      await session.addItems([call("c1", "dup"), userText("c")]);
      await session.applyHistoryMutations({
        mutations: [
          {
            type: "replace_function_call",
            callId: "c1",
            replacement: call("c1", "fixed") as never,
          },
        ],
      });
      expect(labels(await session.getItems())).toEqual([
        "a",
        "call:c1(fixed)",
        "b",
        "call:c2(2)",
        "c",
      ]);
      expect(labels(await session.getItems(4))).toEqual(["call:c1(fixed)", "b", "call:c2(2)", "c"]);
      // Mutations apply in order; one with no match changes nothing.
      await session.applyHistoryMutations({
        mutations: [
          { type: "replace_function_call", callId: "c2", replacement: call("c2", "x") as never },
          { type: "replace_function_call", callId: "c2", replacement: call("c2", "y") as never },
          {
            type: "replace_function_call",
            callId: "none",
            replacement: call("none", "z") as never,
          },
        ],
      });
      await session.applyHistoryMutations({ mutations: [] });
      expect(labels(await session.getItems())).toEqual([
        "a",
        "call:c1(fixed)",
        "b",
        "call:c2(y)",
        "c",
      ]);
      // Pops, suffix replacement and later rewrites see the rewritten history.
      expect(texts([(await session.popItem()) as AgentInputItem])).toEqual(["c"]);
      expect(labels([(await session.popItem()) as AgentInputItem])).toEqual(["call:c2(y)"]);
      await session.applyHistoryTransaction({
        operationId: "after-rewrite",
        transaction: {
          type: "replace_suffix",
          expectedSuffix: [call("c1", "fixed"), userText("b")],
          replacement: [call("c1", "again")],
        },
      });
      await session.applyHistoryMutations({
        mutations: [
          { type: "replace_function_call", callId: "c1", replacement: call("c1", "last") as never },
        ],
      });
      expect(labels(await session.getItems())).toEqual(["a", "call:c1(last)"]);
    });

    it(`operation ids applied before clearSession are ${divergences.operationIdsSurviveClear ? "still remembered" : "forgotten"} after it`, async () => {
      const session = await newSession();
      const args = {
        operationId: "op-before-clear",
        transaction: { type: "append_items" as const, items: [userText("a")] },
      };
      await session.applyHistoryTransaction(args);
      await session.clearSession();
      await session.applyHistoryTransaction(args);
      expect(texts(await session.getItems())).toEqual(
        divergences.operationIdsSurviveClear ? [] : ["a"],
      );
    });

    it(`object members holding undefined are ${divergences.undefinedMembers}`, async () => {
      const session = await newSession();
      await session.addItems([{ role: "user", content: "a", providerData: undefined }]);
      const [item] = await session.getItems();
      expect(Object.hasOwn(item as object, "providerData")).toBe(
        divergences.undefinedMembers === "kept",
      );
      expect(JSON.stringify(item)).toBe('{"role":"user","content":"a"}');
    });

    it(`binary data (Uint8Array) in an item is ${divergences.binaryData}`, async () => {
      const session = await withItems("a");
      const item = {
        role: "user",
        content: [{ type: "input_file", file: new Uint8Array([1, 2, 3]) }],
      } as unknown as AgentInputItem;
      if (divergences.binaryData === "kept") {
        await session.addItems([item]);
        expect(await session.getItems()).toHaveLength(2);
      } else {
        await expect(session.addItems([item])).rejects.toMatchObject({
          code: "INVALID_ARGUMENT",
          path: "items[0].content[0].file",
        });
        expect(texts(await session.getItems())).toEqual(["a"]);
      }
    });
  });
}
