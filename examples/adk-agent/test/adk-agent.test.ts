import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const main = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "main.js");
const dir = mkdtempSync(join(tmpdir(), "example-adk-agent-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...messages: string[]): string =>
  execFileSync(process.execPath, [main, join(dir, "agent.db"), "s1", ...messages], {
    encoding: "utf8",
  });

describe("adk-agent example (built, in a child process)", () => {
  it("runs turns through ADK's Runner with a tool call, and resumes after a restart", () => {
    expect(run("hello", "I live in Lisbon")).toBe(
      [
        "new session s1",
        'concierge: You said "hello" (turn 1 of what I was shown).',
        "concierge: Got it, Lisbon.",
        'stored events: 6; state: {"cities_this_session":["Lisbon"],"app:cities_set":1,"user:city":"Lisbon"}',
        "",
      ].join("\n"),
    );
    expect(run("still there?")).toBe(
      [
        "resuming s1: 6 events",
        'concierge: You said "still there?" (turn 3 of what I was shown).',
        'stored events: 8; state: {"cities_this_session":["Lisbon"],"app:cities_set":1,"user:city":"Lisbon"}',
        "",
      ].join("\n"),
    );
  });
});
