import type { JsonObject, SessionEvent } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import { runCli, runJson } from "./helpers/cli.js";
import { useSeededStore } from "./helpers/seeded-store.js";
import { STORE_KINDS, withRepo } from "./helpers/stores.js";

describe.each(STORE_KINDS)("finding apps and reading ADK content on $name", (kind) => {
  const store = useSeededStore(kind);

  it("sessions list without --app lists the apps with their session and user counts", async () => {
    const result = await runCli(["sessions", "list", "--db", store()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/│ app +│ sessions │ users │/);
    expect(result.stdout).toMatch(/│ billing +│ 1 +│ 1 +│/);
    expect(result.stdout).toMatch(/│ support +│ 8 +│ 3 +│/);
    expect(result.stderr).toContain("--app <name>");
    const json = await runJson<{ apps: unknown[] }>(["sessions", "list", "--db", store()]);
    expect(json.apps).toEqual([
      { appName: "billing", sessions: 1, users: 1 },
      { appName: "support", sessions: 8, users: 3 },
    ]);
  });

  it("sessions list --user without --app is a usage error naming --app", async () => {
    const result = await runCli(["sessions", "list", "--user", "alice", "--db", store()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--user needs --app");
  });

  it("history shows ADK-style { role, parts } content as text; --json keeps it raw", async () => {
    const key = { appName: "adk", userId: "u", sessionId: "adk-1" };
    const content: JsonObject = {
      role: "model",
      parts: [
        { text: "Let me look that up." },
        { functionCall: { name: "lookup_invoice", args: { month: "march" } } },
      ],
    };
    await withRepo(kind, store(), async (repo) => {
      await repo.createSession(key);
      await repo.appendEvents(key, [
        { author: "user", content: { role: "user", parts: [{ text: "Where is my invoice?" }] } },
        { author: "agent", content },
        {
          author: "tool",
          content: {
            role: "user",
            parts: [{ functionResponse: { name: "lookup_invoice", response: { total: 42 } } }],
          },
        },
      ]);
    });
    const table = await runCli(["history", "adk-1", "--db", store()]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/│ user +│ Where is my invoice\? +│/);
    expect(table.stdout).toContain('Let me look that up. → lookup_invoice({"month":"march"})');
    expect(table.stdout).toContain('← lookup_invoice: {"total":42}');
    expect(table.stdout).not.toContain('"parts"');
    const raw = await runJson<{ events: SessionEvent[] }>(["history", "adk-1", "--db", store()]);
    expect(raw.events[1]?.content).toEqual(content);
  });
});
