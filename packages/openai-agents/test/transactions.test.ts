import {
  type AgentInputItem,
  MemorySession,
  type OutputGuardrail,
  OutputGuardrailTripwireTriggered,
  run,
  type SessionHistoryTransactionArgs,
} from "@openai/agents-core";
import { MemoryRepository, type SessionRepository } from "@sessionkit/core";
import { afterAll, describe, expect, it } from "vitest";
import { Authors, SessionKitSession } from "../src/index.js";
import { chatAgent } from "./support/chat-agent.mjs";
import { userText } from "./support/sample-items.js";
import { removeTemporaryDirectories, storeKinds } from "./support/stores.js";

afterAll(removeTemporaryDirectories);

const texts = (items: AgentInputItem[]) =>
  items.map((item) => (item as { content?: unknown }).content);

/** A SessionKitSession that records every transaction the runner hands it. */
class RecordingSession extends SessionKitSession {
  readonly transactions: SessionHistoryTransactionArgs[] = [];
  override async applyHistoryTransaction(args: SessionHistoryTransactionArgs): Promise<void> {
    this.transactions.push(structuredClone(args));
    await super.applyHistoryTransaction(args);
  }
}

const sqlite = storeKinds.find((kind) => kind.name === "sqlite");
if (!sqlite) throw new Error("the sqlite store kind is missing");

describe("applyHistoryTransaction with the SDK's runner (sqlite)", () => {
  it("persists guardrail-blocked output through a transaction, as MemorySession does; a retry from another connection changes nothing", async () => {
    const { repository, url } = await sqlite.open();
    const blockSecrets: OutputGuardrail = {
      name: "no secrets",
      execute: async ({ agentOutput }) => ({
        tripwireTriggered: String(agentOutput).toLowerCase().includes("secret"),
        outputInfo: null,
      }),
    };
    const session = new RecordingSession({ repository, sessionId: "guarded" });
    const reference = new MemorySession();
    for (const target of [session, reference]) {
      const { agent } = chatAgent({ outputGuardrails: [blockSecrets] });
      await run(agent, "hello", { session: target });
      await expect(
        run(agent, "what is the weather in Secretville?", { session: target }),
      ).rejects.toBeInstanceOf(OutputGuardrailTripwireTriggered);
    }
    expect(session.transactions.length).toBeGreaterThan(0);
    expect(session.transactions[0]?.transaction.type).toBe("append_items");
    const items = await session.getItems();
    // The blocked turn keeps the executed tool call and its result, not the blocked answer.
    expect(items.map((item) => (item as { type?: string }).type ?? "message")).toEqual([
      "message",
      "message",
      "message",
      "reasoning",
      "function_call",
      "function_call_result",
    ]);
    expect(JSON.stringify(items)).toBe(JSON.stringify(await reference.getItems()));

    // A retry after a lost acknowledgement, through another connection to the same file.
    const other = await sqlite.open(url);
    const retrying = new SessionKitSession({ repository: other.repository, sessionId: "guarded" });
    const before = (await other.repository.getSession(retrying.key, { recentEvents: 0 }))?.revision;
    for (const args of session.transactions) await retrying.applyHistoryTransaction(args);
    expect((await other.repository.getSession(retrying.key, { recentEvents: 0 }))?.revision).toBe(
      before,
    );
    const [first] = session.transactions as [SessionHistoryTransactionArgs];
    await expect(
      retrying.applyHistoryTransaction({
        operationId: first.operationId,
        transaction: { type: "append_items", items: [userText("something else")] },
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", adapter: "openai-agents" });
    expect(JSON.stringify(await retrying.getItems())).toBe(JSON.stringify(items));
    await other.repository.close();
    await repository.close();
  });
});

describe.each(storeKinds)("history writes under concurrency on $name", (kind) => {
  async function seeded(count: number): Promise<{ repository: SessionRepository; id: string }> {
    const { repository } = await kind.open();
    const session = new SessionKitSession({ repository, sessionId: "shared" });
    await session.addItems(Array.from({ length: count }, (_, index) => userText(`m${index}`)));
    return { repository, id: "shared" };
  }
  const handle = (repository: SessionRepository) =>
    new SessionKitSession({ repository, sessionId: "shared" });

  it("the same operation from five callers at once is applied once", async () => {
    const { repository } = await seeded(1);
    const args: SessionHistoryTransactionArgs = {
      operationId: "turn-7",
      transaction: { type: "append_items", items: [userText("a"), userText("b")] },
    };
    await Promise.all([1, 2, 3, 4, 5].map(() => handle(repository).applyHistoryTransaction(args)));
    expect(texts(await handle(repository).getItems())).toEqual(["m0", "a", "b"]);
    await repository.close();
  });

  it("of two replace_suffix on the same tail exactly one wins; the other is STALE", async () => {
    const { repository } = await seeded(3);
    const results = await Promise.allSettled(
      ["x", "y"].map((letter) =>
        handle(repository).applyHistoryTransaction({
          operationId: `replace-${letter}`,
          transaction: {
            type: "replace_suffix",
            expectedSuffix: [userText("m2")],
            replacement: [userText(letter)],
          },
        }),
      ),
    );
    const won = results.filter((result) => result.status === "fulfilled");
    expect(won).toHaveLength(1);
    const lost = results.find((result) => result.status === "rejected");
    expect(lost?.reason).toMatchObject({ code: "STALE", adapter: "openai-agents" });
    const items = texts(await handle(repository).getItems());
    expect(items.slice(0, 2)).toEqual(["m0", "m1"]);
    expect(["x", "y"]).toContain(items[2]);
    expect(items).toHaveLength(3);
    await repository.close();
  });

  it("concurrent popItem calls remove distinct items, the latest ones", async () => {
    const { repository } = await seeded(10);
    const popped = await Promise.all([1, 2, 3, 4].map(() => handle(repository).popItem()));
    expect(new Set(texts(popped as AgentInputItem[]))).toEqual(new Set(["m9", "m8", "m7", "m6"]));
    expect(texts(await handle(repository).getItems())).toEqual([
      "m0",
      "m1",
      "m2",
      "m3",
      "m4",
      "m5",
    ]);
    await repository.close();
  });
});

describe("the event log keeps the audit trail", () => {
  it("popItem, clearSession, replace_suffix and compaction append tombstones; nothing is deleted", async () => {
    const repository = new MemoryRepository();
    const session = new SessionKitSession({ repository, sessionId: "audit" });
    await session.addItems([userText("a"), userText("b"), userText("c")]);
    await session.popItem();
    await session.applyHistoryTransaction({
      operationId: "op-1",
      transaction: {
        type: "replace_suffix",
        expectedSuffix: [userText("b")],
        replacement: [userText("B")],
      },
    });
    await session.clearSession();
    await session.replaceHistoryWithCompaction([
      { type: "compaction", encrypted_content: "summary" } as AgentInputItem,
      userText("kept"),
    ]);
    const { events } = await repository.listEvents(session.key, { limit: 100 });
    expect(
      events.map((event) => [event.author, event.id.startsWith("op:") ? event.id : "*"]),
    ).toEqual([
      [Authors.item, "*"],
      [Authors.item, "*"],
      [Authors.item, "*"],
      [Authors.remove, "*"],
      [Authors.operation, "op:op-1"],
      [Authors.item, "op:op-1/0"],
      [Authors.clear, "*"],
      [Authors.clear, "*"],
      [Authors.item, "*"],
      [Authors.item, "*"],
    ]);
    expect(texts(await session.getItems())).toEqual(
      ["summary", "kept"].map((text, index) => (index === 0 ? undefined : text)),
    );
    expect(await session.getItems(1)).toEqual([userText("kept")]);
  });

  it("long or non-ASCII operation ids get a hashed event id and stay idempotent", async () => {
    const repository = new MemoryRepository();
    const session = new SessionKitSession({ repository });
    for (const operationId of ["x".repeat(1_000), "tour-été-🎉"]) {
      const args: SessionHistoryTransactionArgs = {
        operationId,
        transaction: { type: "append_items", items: [userText(operationId.slice(0, 5))] },
      };
      await session.applyHistoryTransaction(args);
      await session.applyHistoryTransaction(args);
    }
    expect(await session.getItems()).toHaveLength(2);
    const { events } = await repository.listEvents(session.key);
    expect(events.filter((event) => event.author === Authors.operation).map((e) => e.id)).toEqual([
      expect.stringMatching(/^op#[0-9a-f]{64}$/),
      expect.stringMatching(/^op#[0-9a-f]{64}$/),
    ]);
  });
});

describe("getItems(limit) reads from the end", () => {
  /** Counts the events a repository hands out. */
  function counting(repository: SessionRepository) {
    const counter = { events: 0 };
    const proxy = new Proxy(repository, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property === "getSession" || property === "listEvents") {
          return async (...args: unknown[]) => {
            const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(
              target,
              args,
            );
            const events = (result as { events?: unknown[] } | null)?.events ?? [];
            counter.events += events.length;
            return result;
          };
        }
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return { proxy, counter };
  }

  it("the events read for getItems(20) do not grow with the history", async () => {
    const repository = new MemoryRepository();
    const writer = new SessionKitSession({ repository, sessionId: "long" });
    const { proxy, counter } = counting(repository);
    const reader = new SessionKitSession({ repository: proxy, sessionId: "long" });
    const readCost: number[] = [];
    for (const size of [100, 3_000]) {
      const existing = (await writer.getItems()).length;
      const batch = Array.from({ length: size - existing }, (_, index) =>
        userText(`m${existing + index}`),
      );
      for (let start = 0; start < batch.length; start += 1_000) {
        await writer.addItems(batch.slice(start, start + 1_000));
      }
      counter.events = 0;
      const items = await reader.getItems(20);
      expect(texts(items)).toEqual(
        Array.from({ length: 20 }, (_, index) => `m${size - 20 + index}`),
      );
      readCost.push(counter.events);
    }
    expect(readCost[0]).toBe(readCost[1]);
    expect(readCost[1]).toBeLessThanOrEqual(28);
  });

  it("tombstones near the end extend the read only by what they cancel", async () => {
    const repository = new MemoryRepository();
    const session = new SessionKitSession({ repository, sessionId: "pops" });
    await session.addItems(Array.from({ length: 2_500 }, (_, index) => userText(`m${index}`)));
    for (let pop = 0; pop < 40; pop += 1) await session.popItem();
    expect(texts(await session.getItems(3))).toEqual(["m2457", "m2458", "m2459"]);
    expect(await session.getItems()).toHaveLength(2_460);
  });
});
