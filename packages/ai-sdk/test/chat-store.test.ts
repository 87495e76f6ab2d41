import { isSessionKitError } from "@sessionkit/core";
import type { UIMessage } from "ai";
import { describe, expect, it } from "vitest";
import { createChatStore } from "../src/index.js";
import { type Backend, backends } from "./support/backends.js";
import { useChatFixture } from "./support/chat-fixture.js";
import { assistantText, userText } from "./support/messages.js";

describe.each(backends)("ChatStore on $name", (backend: Backend) => {
  const fx = useChatFixture(backend, "tests");
  const eventsOf = async (chatId: string) =>
    (await fx.repository.getSession(fx.key(chatId)))?.events ?? [];

  it("reads a chat never saved as []", async () => {
    expect(await fx.chats.loadChat("nope")).toEqual([]);
  });

  it("appends only the new messages, and saving the same messages again changes nothing", async () => {
    const turn1 = [userText("u1", "Hello"), assistantText("a1", "Hi!")];
    expect(await fx.chats.saveChat({ chatId: "c1", messages: turn1 })).toEqual({
      appendedEvents: 2,
      created: true,
    });
    const turn2 = [...turn1, userText("u2", "How are you?"), assistantText("a2", "Fine.")];
    expect(await fx.chats.saveChat({ chatId: "c1", messages: turn2 })).toEqual({
      appendedEvents: 2,
      created: false,
    });
    const before = await fx.repository.getSession({
      appName: "tests",
      userId: "ada",
      sessionId: "c1",
    });
    expect(await fx.chats.saveChat({ chatId: "c1", messages: turn2 })).toEqual({
      appendedEvents: 0,
      created: false,
    });
    const after = await fx.repository.getSession({
      appName: "tests",
      userId: "ada",
      sessionId: "c1",
    });
    expect(after?.revision).toBe(before?.revision);
    expect(after?.lastSeq).toBe(4);
    expect(await fx.chats.loadChat("c1")).toEqual(turn2);
    const events = await eventsOf("c1");
    expect(events.map((e) => e.author)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(events[3]?.content).toEqual({ type: "ui-message", change: "added", message: turn2[3] });
  });

  it("records a message whose parts grew as an updated event, history untouched", async () => {
    const call: UIMessage = {
      id: "a1",
      role: "assistant",
      parts: [
        {
          type: "tool-confirm",
          toolCallId: "t1",
          state: "input-available",
          input: { what: "book" },
        },
      ],
    };
    await fx.chats.saveChat({ chatId: "c", messages: [userText("u1", "Book it"), call] });
    const answered: UIMessage = {
      ...call,
      parts: [
        {
          type: "tool-confirm",
          toolCallId: "t1",
          state: "output-available",
          input: { what: "book" },
          output: "yes",
        },
        { type: "text", text: "Booked.", state: "done" },
      ],
    };
    const result = await fx.chats.saveChat({
      chatId: "c",
      messages: [userText("u1", "Book it"), answered],
    });
    expect(result.appendedEvents).toBe(1);
    expect(await fx.chats.loadChat("c")).toEqual([userText("u1", "Book it"), answered]);
    const events = await eventsOf("c");
    expect(events.map((e) => (e.content as { change?: string }).change)).toEqual([
      "added",
      "added",
      "updated",
    ]);
    // The first version is still in the log.
    expect(events[1]?.content).toEqual({ type: "ui-message", change: "added", message: call });
  });

  it("records a regenerated answer as a truncate and an added message", async () => {
    const first = [userText("u1", "Joke?"), assistantText("a1", "Knock knock")];
    await fx.chats.saveChat({ chatId: "c", messages: first });
    const regenerated = [userText("u1", "Joke?"), assistantText("a2", "Why did the chicken…")];
    expect((await fx.chats.saveChat({ chatId: "c", messages: regenerated })).appendedEvents).toBe(
      2,
    );
    expect(await fx.chats.loadChat("c")).toEqual(regenerated);
    const events = await eventsOf("c");
    expect(events[2]?.content).toEqual({ type: "ui-truncate", keep: 1, removedMessageIds: ["a1"] });
    expect(events[2]?.author).toBe("sessionkit-ai-sdk");
    // Saving the original answer again brings it back as a new event (a new base), not a retry.
    expect((await fx.chats.saveChat({ chatId: "c", messages: first })).appendedEvents).toBe(2);
    expect(await fx.chats.loadChat("c")).toEqual(first);
  });

  it("drops undefined members the SDK leaves in parts and keeps everything else verbatim", async () => {
    const message = {
      id: "a1",
      role: "assistant",
      metadata: { model: "m", nested: { keep: null, drop: undefined } },
      parts: [{ type: "text", text: "x", providerMetadata: undefined }],
    } as unknown as UIMessage;
    await fx.chats.saveChat({ chatId: "c", messages: [message] });
    expect(await fx.chats.loadChat("c")).toEqual([
      {
        id: "a1",
        role: "assistant",
        metadata: { model: "m", nested: { keep: null } },
        parts: [{ type: "text", text: "x" }],
      },
    ]);
  });

  it("rejects bad input with a typed error naming the package, the operation and the path, writing nothing", async () => {
    const cases: Array<[unknown, string]> = [
      [{ chatId: "", messages: [] }, "chatId"],
      [{ chatId: "c", messages: "hi" }, "messages"],
      [{ chatId: "c", messages: [{ id: "m", role: "robot", parts: [] }] }, "messages[0].role"],
      [{ chatId: "c", messages: [{ id: "m", role: "user" }] }, "messages[0].parts"],
      [{ chatId: "c", messages: [userText("m", "a"), userText("m", "b")] }, "messages[1].id"],
      [
        {
          chatId: "c",
          messages: [{ id: "m", role: "user", parts: [{ type: "text", at: new Date() }] }],
        },
        "messages[0].parts[0].at",
      ],
      [{ chatId: "c", messages: [], title: "  " }, "title"],
    ];
    for (const [input, path] of cases) {
      const error = await fx.chats.saveChat(input as never).catch((e: unknown) => e);
      expect(isSessionKitError(error, "INVALID_ARGUMENT"), String(error)).toBe(true);
      expect(error).toMatchObject({ adapter: "ai-sdk", operation: "saveChat", path });
      expect((error as Error).message).toContain(path);
    }
    expect(
      await fx.repository.getSession({ appName: "tests", userId: "ada", sessionId: "c" }),
    ).toBeNull();
    await expect(fx.chats.loadChat(42 as never)).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      operation: "loadChat",
      path: "chatId",
    });
    expect(() => createChatStore({} as never)).toThrow(/repository must be a sessionkit/);
    expect(() => createChatStore(fx.repository, { userId: "" })).toThrow(/options\.userId/);
  });

  it("reports a message over the store's event size limit as LIMIT at messages[i], writing nothing", async () => {
    const turn1 = [userText("u1", "Hello"), assistantText("a1", "Hi!")];
    await fx.chats.saveChat({ chatId: "c", messages: turn1 });
    const huge = userText("u2", "x".repeat(1024 * 1024 + 1)); // e.g. a file inlined as a data URL
    const error = await fx.chats
      .saveChat({ chatId: "c", messages: [...turn1, huge, assistantText("a2", "ok")] })
      .catch((e: unknown) => e);
    expect(isSessionKitError(error, "LIMIT"), String(error)).toBe(true);
    expect(error).toMatchObject({ adapter: "ai-sdk", operation: "saveChat", path: "messages[2]" });
    expect((error as Error).message).toMatch(/"u2".*over the store's event size limit/);
    expect(await fx.chats.loadChat("c")).toEqual(turn1);
    expect(await eventsOf("c")).toHaveLength(2);
  });

  it("lists a user's chats with titles, newest first, through the cursor", async () => {
    // "Newest" is the last write's millisecond: keep the writes in distinct milliseconds (two
    // chats written in the same one are ordered by id, not by who came first).
    const nextMs = () => new Promise((resolve) => setTimeout(resolve, 3));
    await fx.chats.saveChat({
      chatId: "c1",
      messages: [userText("u", "  Plan a   trip to Lisbon ")],
    });
    await nextMs();
    await fx.chats.saveChat({ chatId: "c2", messages: [userText("u", "x".repeat(200))] });
    await nextMs();
    await fx.chats.saveChat({ chatId: "c3", messages: [userText("u", "Hi")], title: "Custom" });
    await nextMs();
    const empty = await fx.chats.createChat({ title: "Empty chat" });
    await fx.chats.forUser("bob").saveChat({ chatId: "b1", messages: [userText("u", "Bob's")] });
    await fx.repository.createSession({ appName: "tests", userId: "ada", sessionId: "not-a-chat" });

    const first = await fx.chats.listChats({ limit: 3 });
    expect(first.chats.map((c) => c.chatId)).toEqual([empty, "c3", "c2"]);
    expect(first.nextCursor).not.toBeNull();
    const second = await fx.chats.listChats({ limit: 3, cursor: first.nextCursor ?? "" });
    expect(second.chats.map((c) => [c.chatId, c.title])).toEqual([["c1", "Plan a trip to Lisbon"]]);
    expect(second.nextCursor).toBeNull();
    expect(first.chats.map((c) => c.title)).toEqual(["Empty chat", "Custom", `${"x".repeat(79)}…`]);

    await nextMs();
    await fx.chats.setChatTitle("c1", "Lisbon");
    const renamed = await fx.chats.listChats();
    expect(renamed.chats[0]).toMatchObject({ chatId: "c1", title: "Lisbon" });
    // Renaming is a state event: loading the chat is unaffected.
    expect(await fx.chats.loadChat("c1")).toEqual([userText("u", "  Plan a   trip to Lisbon ")]);
    expect((await fx.chats.forUser("bob").listChats()).chats.map((c) => c.chatId)).toEqual(["b1"]);
    expect(await fx.chats.loadChat("b1")).toEqual([]);
    expect(await fx.chats.deleteChat("c1")).toBe(true);
    expect(await fx.chats.deleteChat("c1")).toBe(false);
  });

  it("keeps identical concurrent saves to one set of events", async () => {
    const messages = [userText("u1", "Hello"), assistantText("a1", "Hi!")];
    await fx.chats.saveChat({ chatId: "c", messages: messages.slice(0, 1) });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => fx.chats.saveChat({ chatId: "c", messages })),
    );
    // Each save needed the one event (or, reading after another landed, none); the store keeps it once.
    expect(results.every((r) => r.appendedEvents === 1 || r.appendedEvents === 0)).toBe(true);
    expect(await eventsOf("c")).toHaveLength(2);
    expect(await fx.chats.loadChat("c")).toEqual(messages);
  });

  it("lets different concurrent saves of one chat all succeed, the chat equal to one of them", async () => {
    const base = [userText("u1", "Hello")];
    await fx.chats.saveChat({ chatId: "c", messages: base });
    const variants = Array.from({ length: 4 }, (_, i) => [
      ...base,
      assistantText(`a${i}`, `answer ${i}`),
    ]);
    const results = await Promise.all(
      variants.map((messages) => fx.chats.saveChat({ chatId: "c", messages })),
    );
    expect(results.every((r) => r.appendedEvents >= 1)).toBe(true);
    const loaded = await fx.chats.loadChat("c");
    expect(variants).toContainEqual(loaded);
    const integrity = await fx.repository.checkIntegrity();
    expect(integrity).toEqual({ ok: true, problems: [] });
  });

  it("gives up with STALE after maxSaveAttempts when other writers keep winning", async () => {
    const single = createChatStore(fx.repository, {
      appName: "tests",
      userId: "ada",
      maxSaveAttempts: 1,
    });
    await single.saveChat({ chatId: "c", messages: [userText("u1", "Hello")] });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        single.saveChat({
          chatId: "c",
          messages: [userText("u1", "Hello"), userText(`x${i}`, `${i}`)],
        }),
      ),
    );
    const failures = outcomes.filter((o) => o.status === "rejected");
    for (const failure of failures) {
      expect(isSessionKitError((failure as PromiseRejectedResult).reason, "STALE")).toBe(true);
    }
    expect(outcomes.some((o) => o.status === "fulfilled")).toBe(true);
  });

  it("never answers from a stale cache: another writer's saves, a deleted and re-created chat", async () => {
    const otherRepository = backend.open(fx.dir);
    const other = createChatStore(otherRepository, { appName: "tests", userId: "ada" });
    const uncached = createChatStore(fx.repository, {
      appName: "tests",
      userId: "ada",
      cachedChats: 0,
    });
    try {
      const turn1 = [userText("u1", "one"), assistantText("a1", "1")];
      await fx.chats.saveChat({ chatId: "c", messages: turn1 });
      expect(await fx.chats.loadChat("c")).toEqual(turn1);
      // Another connection (another server process) appends a turn and renames the chat.
      const turn2 = [...turn1, userText("u2", "two"), assistantText("a2", "2")];
      await other.saveChat({ chatId: "c", messages: turn2 });
      await other.setChatTitle("c", "renamed");
      expect(await fx.chats.loadChat("c")).toEqual(turn2);
      // Deleted and created again under the same id, with other messages.
      await other.deleteChat("c");
      const fresh = [userText("n1", "new chat")];
      await other.saveChat({ chatId: "c", messages: fresh });
      expect(await fx.chats.loadChat("c")).toEqual(fresh);
      expect(await uncached.loadChat("c")).toEqual(fresh);
      // A save through the cached store plans against the current chat, not the cached one.
      const next = [...fresh, assistantText("n2", "reply")];
      expect((await fx.chats.saveChat({ chatId: "c", messages: next })).appendedEvents).toBe(1);
      expect(await other.loadChat("c")).toEqual(next);
      expect(await uncached.loadChat("c")).toEqual(next);
      // Readers get copies: changing what loadChat returned changes nothing stored or cached.
      const loaded = await fx.chats.loadChat("c");
      (loaded[0] as UIMessage).parts.push({ type: "text", text: "mutated" });
      expect(await fx.chats.loadChat("c")).toEqual(next);
    } finally {
      await otherRepository.close();
    }
  });
});
