import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { askWithMemory, createAssistant } from "../src/index.js";

const exampleDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = mkdtempSync(join(tmpdir(), "example-openai-agents-chat-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built app in a new process, as a user would after each restart. */
function chat(conversation: string, lines: string[]): string {
  return execFileSync(process.execPath, ["dist/main.js", join(dir, "chat.db"), conversation], {
    cwd: exampleDir,
    input: `${lines.join("\n")}\n`,
    encoding: "utf8",
  });
}

describe("openai-agents-chat example (built, in child processes)", () => {
  it("remembers the conversation, tool calls included, across restarts", () => {
    expect(chat("c1", ["my name is Ada", "what is the weather in Oslo?"])).toBe(
      [
        "conversation c1: 0 stored items",
        "assistant: Nice to meet you, Ada!",
        "assistant: It is 18°C and cloudy in Oslo right now.",
        "stored items: 6",
        "",
      ].join("\n"),
    );
    expect(chat("c1", ["what is my name?"])).toBe(
      [
        "conversation c1: 6 stored items",
        "assistant: Your name is Ada.",
        "stored items: 8",
        "",
      ].join("\n"),
    );
    expect(chat("c2", ["what is my name?"])).toBe(
      [
        "conversation c2: 0 stored items",
        "assistant: You have not told me your name yet.",
        "stored items: 2",
        "",
      ].join("\n"),
    );
  });
});

describe("the guide's five lines (docs/openai-agents.md)", () => {
  it("keep the conversation between calls that each open and close the store", async () => {
    const db = join(dir, "five-lines.db");
    const agent = createAssistant();
    expect(await askWithMemory(agent, db, "my name is Grace")).toBe("Nice to meet you, Grace!");
    expect(await askWithMemory(agent, db, "what is my name?")).toBe("Your name is Grace.");
    expect(await askWithMemory(agent, db, "hello")).toBe(
      "I remember 2 earlier message(s) of yours.",
    );
  });
});
