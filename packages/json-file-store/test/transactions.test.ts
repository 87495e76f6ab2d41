import { readdir } from "node:fs/promises";
import { isSessionKitError } from "@sessionkit/core";
import { createJsonFileRepository, JSON_FILE_CAPABILITIES } from "@sessionkit/json-file-store";
import { expect, it } from "vitest";
import { tempRoot } from "./temp-root.js";

it("declares single-session transactions and refuses a second session, writing nothing", async () => {
  expect(JSON_FILE_CAPABILITIES.transactions).toBe("single-session");
  const { root, cleanup } = await tempRoot();
  const repo = await createJsonFileRepository({ root, create: true });
  try {
    const a = { appName: "app", userId: "u", sessionId: "a" };
    const b = { appName: "app", userId: "u", sessionId: "b" };
    await repo.createSession(a);
    await repo.createSession(b);
    const error = await repo
      .transaction(async (tx) => {
        await tx.appendEvent(a, { author: "user", content: 1, stateDelta: { "app:x": 1 } });
        await tx.setMeta("m", 1);
        await tx.appendEvent(b, { author: "user", content: 2 });
      })
      .catch((e: unknown) => e);
    expect(isSessionKitError(error, "UNSUPPORTED")).toBe(true);
    expect((error as Error).message).toMatch(/only one session/);
    expect((await repo.getSession(a))?.revision).toBe(1);
    expect(await repo.getAppState({ appName: "app" })).toEqual({});
    expect(await repo.getMeta("m")).toBeNull();

    // One session, its scoped state and meta commit together; reads inside see staged writes.
    const result = await repo.transaction(async (tx) => {
      await tx.appendEvent(a, {
        author: "user",
        content: 1,
        stateDelta: { "app:x": 1, "user:y": 2 },
      });
      await tx.setMeta("checkpoint", { at: "a" });
      const inside = await tx.getSession(a);
      const listed = await tx.listSessions({ appName: "app" });
      await tx.getSession(b); // reading another session is fine
      return {
        revision: inside?.revision,
        listed: listed.sessions.find((s) => s.id === "a")?.revision,
      };
    });
    expect(result).toEqual({ revision: 2, listed: 2 });
    expect((await repo.getSession(a))?.state).toEqual({ "app:x": 1, "user:y": 2 });
    expect(await repo.getMeta("checkpoint")).toEqual({ at: "a" });

    // A throwing callback writes nothing and releases every lock.
    await expect(
      repo.transaction(async (tx) => {
        await tx.appendEvent(a, { author: "user", content: 3 });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await repo.getSession(a))?.revision).toBe(2);
    const sessionsDir = `${root}/apps/app/users/u/sessions`;
    expect((await readdir(sessionsDir)).sort()).toEqual(["a.json", "b.json"]);
  } finally {
    await repo.close();
    await cleanup();
  }
});
