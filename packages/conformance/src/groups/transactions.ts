import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { sessionKey, sleep, textEvent } from "../support/keys.js";
import { observe } from "../support/observe.js";
import { capabilityGate } from "../support/skip.js";

/** transaction(): commit, rollback with the error rethrown, other callers wait. */
export function transactionsGroup({ target, repo }: SuiteContext): void {
  describe("transactions", () => {
    const key = sessionKey("s1");

    it("commits every operation of a resolved callback and returns its value", async () => {
      await repo().createSession(key);
      const result = await repo().transaction(async (tx) => {
        await tx.appendEvent(key, textEvent(1, { stateDelta: { a: 1 } }));
        await tx.appendEvents(key, [textEvent(2), textEvent(3)]);
        await tx.updateState(key, { b: 2 });
        const inside = await tx.getSession(key);
        expect(inside?.lastSeq).toBe(4);
        return "done";
      });
      expect(result).toBe("done");
      const read = await repo().getSession(key);
      expect(read?.events?.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(read?.state).toEqual({ a: 1, b: 2 });
      expect(read?.revision).toBe(5);
    });

    it("rolls back everything when the callback throws, and rethrows the same error", async () => {
      await repo().createSession(key, { state: { a: 0 } });
      await repo().appendEvent(key, textEvent(1));
      const before = await observe(repo(), [key]);
      const failure = new Error("boom");
      let caught: unknown;
      try {
        await repo().transaction(async (tx) => {
          await tx.appendEvent(
            key,
            textEvent(2, { stateDelta: { a: 1, "app:x": 1, "user:y": 1 } }),
          );
          await tx.updateState(key, { b: 1 });
          await tx.setMeta("tx-meta", { v: 1 });
          expect((await tx.getSession(key))?.lastSeq).toBe(3);
          throw failure;
        });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBe(failure);
      expect(await observe(repo(), [key])).toEqual(before);
      const next = await repo().appendEvent(key, textEvent(2));
      expect(next.seq).toBe(2);
    });

    it("rolls back when an operation inside fails and the callback lets it propagate", async () => {
      await repo().createSession(key);
      const before = await observe(repo(), [key]);
      let code: unknown;
      try {
        await repo().transaction(async (tx) => {
          await tx.appendEvent(key, textEvent(1));
          await tx.appendEvent(key, textEvent(1, { content: "conflicting" }));
        });
      } catch (error) {
        code = (error as { code?: string }).code;
      }
      expect(code).toBe("CONFLICT");
      expect(await observe(repo(), [key])).toEqual(before);
    });

    it("makes other callers wait instead of leaking into an open transaction", async () => {
      await repo().createSession(key);
      let insideDone = false;
      let outsideSettledWhileOpen = false;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let entered!: () => void;
      const started = new Promise<void>((resolve) => {
        entered = resolve;
      });
      const transaction = repo().transaction(async (tx) => {
        await tx.appendEvent(key, textEvent(1, { id: "inside" }));
        entered();
        await gate;
        insideDone = true;
        throw new Error("roll back");
      });
      await started;
      const outside = repo()
        .appendEvent(key, textEvent(2, { id: "outside" }))
        .finally(() => {
          if (!insideDone) outsideSettledWhileOpen = true;
        });
      const read = repo()
        .getSession(key)
        .then((s) => s?.events?.map((e) => e.id));
      await sleep(50);
      release();
      await expect(transaction).rejects.toThrow("roll back");
      const stored = await outside;
      expect(outsideSettledWhileOpen).toBe(false);
      expect(stored.seq).toBe(1);
      expect(await read).not.toContain("inside");
      const after = await repo().getSession(key);
      expect(after?.events?.map((e) => e.id)).toEqual(["outside"]);
      expect(after?.revision).toBe(2);
    });

    it("fails a call on the repository itself from inside its own callback at once (INVALID_ARGUMENT, no deadlock); the transaction goes on", async () => {
      await repo().createSession(key);
      const outcome = await repo().transaction(async (tx) => {
        await tx.updateState(key, { inside: true });
        const error = await Promise.race([
          repo()
            .getSession(key)
            .then(
              () => "resolved",
              (e: unknown) => e,
            ),
          new Promise((resolve) => setTimeout(() => resolve("still waiting after 2 s"), 2000)),
        ]);
        await tx.updateState(key, { after: true });
        return error;
      });
      expect(outcome).toMatchObject({ code: "INVALID_ARGUMENT", operation: "getSession" });
      expect((outcome as Error).message).toMatch(/tx/);
      expect((await repo().getSession(key, { recentEvents: 0 }))?.state).toEqual({
        inside: true,
        after: true,
      });
    });

    it("keeps a waiting caller's write when the open transaction rolls back", async () => {
      await repo().createSession(key);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let entered!: () => void;
      const started = new Promise<void>((resolve) => {
        entered = resolve;
      });
      const transaction = repo()
        .transaction(async (tx) => {
          await tx.updateState(key, { inside: true });
          entered();
          await gate;
          throw new Error("roll back");
        })
        .catch((error: Error) => error.message);
      await started;
      const outside = repo().updateState(key, { outside: true });
      release();
      expect(await transaction).toBe("roll back");
      await outside;
      expect((await repo().getSession(key, { recentEvents: 0 }))?.state).toEqual({ outside: true });
    });

    it("runs transactions one after another, each seeing the previous one's commit", async () => {
      await repo().createSession(key);
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          repo().transaction(async (tx) => {
            const session = await tx.getSession(key, { recentEvents: 0 });
            const event = await tx.appendEvent(key, textEvent(i + 1), {
              expectedRevision: session?.revision,
            });
            return event.seq;
          }),
        ),
      );
      expect([...results].sort()).toEqual([1, 2, 3, 4, 5]);
      expect((await repo().getSession(key))?.revision).toBe(6);
    });

    const multi = capabilityGate(
      target,
      "commits and rolls back several sessions atomically",
      target.capabilities.transactions === "multi-session",
      'capabilities.transactions is "single-session"',
    );
    it.skipIf(multi.skip)(multi.title, async () => {
      const a = sessionKey("a");
      const b = sessionKey("b");
      await repo().createSession(a);
      await repo().transaction(async (tx) => {
        await tx.createSession(b, { state: { n: 1 } });
        await tx.appendEvent(a, textEvent(1));
        await tx.appendEvent(b, textEvent(1));
      });
      expect((await repo().getSession(a))?.lastSeq).toBe(1);
      expect((await repo().getSession(b))?.lastSeq).toBe(1);
      const before = await observe(repo(), [a, b, sessionKey("c")]);
      await expect(
        repo().transaction(async (tx) => {
          await tx.appendEvent(a, textEvent(2));
          await tx.deleteSession(b);
          await tx.createSession(sessionKey("c"));
          await tx.expireSession(a);
          throw new Error("undo all");
        }),
      ).rejects.toThrow("undo all");
      expect(await observe(repo(), [a, b, sessionKey("c")])).toEqual(before);
    });
  });
}
