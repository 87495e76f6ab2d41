import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { UIMessage } from "ai";
import { describe, expect, it } from "vitest";
import { sqliteBackend } from "./support/backends.js";
import { useChatFixture } from "./support/chat-fixture.js";
import { assistantText, userText } from "./support/messages.js";

const child = fileURLToPath(new URL("./support/child-save.mjs", import.meta.url));

/** Saves `messages` from another Node process (the built package on the same SQLite file). */
function saveInAnotherProcess(dir: string, action: "save" | "recreate", messages: UIMessage[]) {
  const out = execFileSync(
    process.execPath,
    [child, join(dir, "chats.db"), "c", action, JSON.stringify(messages)],
    { encoding: "utf8" },
  );
  return JSON.parse(out) as { appendedEvents: number; created: boolean };
}

describe("a chat saved by another process (sqlite file, built package)", () => {
  const fx = useChatFixture(sqliteBackend, "tests");

  it("is seen by a store that has the chat cached, also after it was deleted and created again", async () => {
    const turn1 = [userText("u1", "one"), assistantText("a1", "1")];
    await fx.chats.saveChat({ chatId: "c", messages: turn1 });
    expect(await fx.chats.loadChat("c")).toEqual(turn1);

    const turn2 = [...turn1, userText("u2", "two"), assistantText("a2", "2")];
    expect(saveInAnotherProcess(fx.dir, "save", turn2)).toEqual({
      appendedEvents: 2,
      created: false,
    });
    expect(await fx.chats.loadChat("c")).toEqual(turn2);

    const other = [userText("x1", "a different chat under the same id")];
    expect(saveInAnotherProcess(fx.dir, "recreate", other)).toEqual({
      appendedEvents: 1,
      created: true,
    });
    expect(await fx.chats.loadChat("c")).toEqual(other);
    // Saving the same messages from the other process again changes nothing.
    expect(saveInAnotherProcess(fx.dir, "save", other)).toEqual({
      appendedEvents: 0,
      created: false,
    });
    expect(await fx.chats.loadChat("c")).toEqual(other);
  });
});
