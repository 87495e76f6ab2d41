import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const main = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "main.js");
const dir = mkdtempSync(join(tmpdir(), "example-chat-loop-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function chat(input: string): string {
  return execFileSync(process.execPath, [main, join(dir, "chat.db"), "s1"], {
    input,
    encoding: "utf8",
  });
}

describe("chat-loop example (built, in a child process)", () => {
  it("stores every message and resumes the conversation after a restart", () => {
    const first = chat("my name is Ada\nhello\n");
    expect(first).toBe(
      [
        "new session s1",
        "assistant: Nice to meet you, Ada!",
        'assistant: You said "hello" (message 2 of this conversation).',
        "stored messages: 4",
        "",
      ].join("\n"),
    );

    const second = chat("still there?\n");
    expect(second).toBe(
      [
        "resuming session s1: 4 messages, user Ada",
        'assistant: You said "still there?" (message 3 of this conversation).',
        "stored messages: 6",
        "",
      ].join("\n"),
    );
  });
});
