import { describe, expect, it } from "vitest";
import type { SuiteContext } from "../context.js";
import { expectError } from "../support/expect-error.js";
import { sessionKey, textEvent } from "../support/keys.js";

/** The store's metadata table: get/set/delete/list, and atomic with transactions. */
export function metaGroup({ repo }: SuiteContext): void {
  describe("meta", () => {
    it("sets, reads, overwrites and deletes values of any JSON type", async () => {
      expect(await repo().getMeta("missing")).toBeNull();
      const values = [0, "text", true, false, [1, [2]], { a: { b: null } }, -1.25];
      for (const [i, value] of values.entries()) {
        await repo().setMeta(`k${i}`, value);
        expect(await repo().getMeta(`k${i}`)).toEqual(value);
      }
      await repo().setMeta("k0", { replaced: true });
      expect(await repo().getMeta("k0")).toEqual({ replaced: true });
      await repo().setMeta("k0", null);
      expect(await repo().getMeta("k0")).toBeNull();
      await repo().setMeta("never-set", null);
      expect(await repo().getMeta("never-set")).toBeNull();
    });

    it("lists entries by prefix in ascending code-point order, paged by after and limit", async () => {
      for (const name of [
        "migrate:b",
        "migrate:a",
        "migrate:ä",
        "migrate:Z",
        "other:a",
        "migrate:a:1",
      ]) {
        await repo().setMeta(name, name.length);
      }
      const names = async (prefix: string, options?: { limit?: number; after?: string }) =>
        (await repo().listMeta(prefix, options)).map((e) => e.name);
      expect(await names("migrate:")).toEqual([
        "migrate:Z",
        "migrate:a",
        "migrate:a:1",
        "migrate:b",
        "migrate:ä",
      ]);
      expect(await names("migrate:", { limit: 2 })).toEqual(["migrate:Z", "migrate:a"]);
      expect(await names("migrate:", { after: "migrate:a", limit: 2 })).toEqual([
        "migrate:a:1",
        "migrate:b",
      ]);
      expect(await names("")).toHaveLength(6);
      expect(await names("nothing:")).toEqual([]);
      expect((await repo().listMeta("other:"))[0]).toEqual({ name: "other:a", value: 7 });
    });

    it("commits meta writes with a transaction and rolls them back with it", async () => {
      await repo().setMeta("checkpoint", 1);
      await repo().transaction(async (tx) => {
        await tx.setMeta("checkpoint", 2);
        await tx.setMeta("phase", "backfill");
        expect(await tx.getMeta("checkpoint")).toBe(2);
      });
      expect(await repo().getMeta("checkpoint")).toBe(2);
      await expect(
        repo().transaction(async (tx) => {
          await tx.setMeta("checkpoint", 3);
          await tx.setMeta("phase", null);
          await tx.setMeta("new", true);
          expect(await tx.listMeta("")).toHaveLength(2);
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect(await repo().listMeta("")).toEqual([
        { name: "checkpoint", value: 2 },
        { name: "phase", value: "backfill" },
      ]);
    });

    it("commits and rolls back a meta write together with a session write", async () => {
      const key = sessionKey("s1");
      await repo().createSession(key);
      await expect(
        repo().transaction(async (tx) => {
          await tx.appendEvent(key, textEvent(1));
          await tx.setMeta("copied", 1);
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect(await repo().getMeta("copied")).toBeNull();
      expect((await repo().getSession(key))?.lastSeq).toBe(0);
      await repo().transaction(async (tx) => {
        await tx.appendEvent(key, textEvent(1));
        await tx.setMeta("copied", 1);
      });
      expect(await repo().getMeta("copied")).toBe(1);
      expect((await repo().getSession(key))?.lastSeq).toBe(1);
    });

    it("rejects non-JSON meta values with INVALID_ARGUMENT", async () => {
      await expectError(repo().setMeta("m", new Date() as never), "INVALID_ARGUMENT", "value");
      expect(await repo().getMeta("m")).toBeNull();
    });
  });
}
