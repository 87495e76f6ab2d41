import { join } from "node:path";
import { MemoryRepository } from "@sessionkit/core";
import { afterAll, describe, expect, it } from "vitest";
import { openSessionKitSessions, SessionKitSession, SessionKitSessions } from "../src/index.js";
import { userText } from "./support/sample-items.js";
import { removeTemporaryDirectories, temporaryDirectory } from "./support/stores.js";

afterAll(removeTemporaryDirectories);

describe("openSessionKitSessions and SessionKitSessions", () => {
  it("opens a store by URL; conversations are separate sessions of the app and user", async () => {
    const url = `sqlite:${join(temporaryDirectory("factory"), "chat.db")}`;
    const sessions = await openSessionKitSessions(url, { appName: "support-bot" });
    const ada = sessions.session("c1", { userId: "ada" });
    const bob = sessions.session("c1", { userId: "bob" });
    await ada.addItems([userText("from ada")]);
    expect(await bob.getItems()).toEqual([]);
    expect(ada.key).toEqual({ appName: "support-bot", userId: "ada", sessionId: "c1" });
    expect(await bob.getSessionId()).toBe("c1");
    expect(await sessions.repository.getSession(bob.key)).not.toBeNull();
    const generated = sessions.session();
    expect(generated.key.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.key.userId).toBe("default");
    await sessions.close();
    await expect(ada.getItems()).rejects.toMatchObject({ code: "CLOSED" });

    const reopened = await openSessionKitSessions(url, { appName: "support-bot" });
    expect(await reopened.session("c1", { userId: "ada" }).getItems()).toEqual([
      userText("from ada"),
    ]);
    await reopened.close();
  });

  it("an unknown URL scheme is INVALID_ARGUMENT", async () => {
    await expect(openSessionKitSessions("nosuch:./x")).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
  });

  it("wraps a repository the app already holds; reads create nothing", async () => {
    const repository = new MemoryRepository();
    const session = new SessionKitSessions(repository, { userId: "u" }).session("s");
    expect(await session.getItems()).toEqual([]);
    expect(await session.popItem()).toBeUndefined();
    await session.clearSession();
    expect(await repository.getSession(session.key)).toBeNull();
  });
});

describe("errors", () => {
  it("an item JSON cannot hold is INVALID_ARGUMENT naming the package, operation and path", async () => {
    const session = new SessionKitSession({ repository: new MemoryRepository() });
    const error = await session
      .addItems([
        userText("ok"),
        { role: "user", content: [{ type: "input_text", text: Number.NaN }] } as never,
      ])
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: "SessionKitError",
      code: "INVALID_ARGUMENT",
      adapter: "openai-agents",
      operation: "addItems",
      path: "items[1].content[0].text",
    });
    expect(String((error as Error).message)).toContain(
      "items[1].content[0].text: NaN is not a JSON number",
    );
    expect(await session.getItems()).toEqual([]);
  });

  it("an expired conversation reads as empty and refuses writes with a typed error", async () => {
    const repository = new MemoryRepository();
    const session = new SessionKitSession({ repository, sessionId: "old" });
    await session.addItems([userText("a")]);
    await repository.expireSession(session.key);
    expect(await session.getItems()).toEqual([]);
    const fresh = new SessionKitSession({ repository, sessionId: "old" });
    await expect(fresh.addItems([userText("b")])).rejects.toMatchObject({
      name: "SessionKitError",
      code: "ALREADY_EXISTS",
    });
  });

  it("a conversation deleted for erasure leaves nothing behind", async () => {
    const repository = new MemoryRepository();
    const session = new SessionKitSession({ repository, sessionId: "erase-me" });
    await session.addItems([userText("private")]);
    await session.clearSession();
    expect((await repository.listEvents(session.key)).events).toHaveLength(2);
    expect(await repository.deleteSession(session.key)).toBe(true);
    expect(await repository.getSession(session.key, { includeExpired: true })).toBeNull();
  });
});
