import type { SessionEvent, SessionKey } from "@sessionkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runJson, startCli } from "./helpers/cli.js";
import { seedStore } from "./helpers/seed.js";
import { STORE_KINDS, withRepo } from "./helpers/stores.js";
import { tempDir } from "./helpers/temp-dir.js";

interface HistoryJson {
  key: SessionKey;
  events: SessionEvent[];
}

describe.each(STORE_KINDS)("history on $name", (kind) => {
  let remove: () => Promise<void>;
  let db: string;
  beforeAll(async () => {
    const temp = await tempDir();
    remove = temp.remove;
    db = kind.url(temp.dir);
    await withRepo(kind, db, (repo) => seedStore(repo));
  });
  afterAll(async () => {
    await remove();
  });

  it("prints the events as a table in seq order", async () => {
    const result = await runCli(["history", "s-invoice", "--db", db]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    const row = (text: string) => lines.findIndex((line) => line.includes(text));
    expect(row("My invoice from March")).toBeGreaterThan(0);
    expect(row("Let me check the March invoice.")).toBeGreaterThan(row("My invoice from March"));
    expect(row('{"tool":"lookup"')).toBeGreaterThan(row("Let me check"));
    expect(result.stdout).toContain("minutes ago");
  });

  it("--json prints { key, events } with every event field", async () => {
    const history = await runJson<HistoryJson>(["history", "s-invoice", "--db", db]);
    expect(history.key).toEqual({ appName: "support", userId: "alice", sessionId: "s-invoice" });
    expect(history.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(history.events[0]).toMatchObject({
      id: "e1",
      author: "user",
      content: "My invoice from March is wrong",
    });
    expect(history.events[2]?.content).toEqual({ tool: "lookup", result: { amount: 42 } });
  });

  it("--last n prints the last n; --after-seq n those after n", async () => {
    const last = await runJson<HistoryJson>(["history", "s-invoice", "--last", "2", "--db", db]);
    expect(last.events.map((e) => e.seq)).toEqual([2, 3]);
    const after = await runJson<HistoryJson>([
      "history",
      "s-invoice",
      "--after-seq",
      "1",
      "--db",
      db,
    ]);
    expect(after.events.map((e) => e.seq)).toEqual([2, 3]);
    const both = await runJson<HistoryJson>([
      "history",
      "s-invoice",
      "--after-seq",
      "1",
      "--last",
      "1",
      "--db",
      db,
    ]);
    expect(both.events.map((e) => e.seq)).toEqual([3]);
  });

  it("reads expired sessions too", async () => {
    const history = await runJson<HistoryJson>(["history", "s-expired-old", "--db", db]);
    expect(history.events).toHaveLength(1);
  });

  it("an unknown session is NOT_FOUND (exit 3); a bad --last is a usage error (exit 2)", async () => {
    expect((await runCli(["history", "nope", "--db", db])).code).toBe(3);
    expect((await runCli(["history", "s-invoice", "--last", "two", "--db", db])).code).toBe(2);
  });

  it("--follow --json streams new events as NDJSON until SIGINT, then exits 0", async () => {
    const key = { appName: "support", userId: "alice", sessionId: "s-follow" };
    await withRepo(kind, db, async (repo) => {
      await repo.createSession(key);
      await repo.appendEvent(key, { author: "user", content: "before follow" });
    });
    const cli = startCli(["history", "s-follow", "--follow", "--json", "--db", db]);
    await cli.waitFor("before follow");
    await withRepo(kind, db, async (repo) => {
      await repo.appendEvent(key, { author: "assistant", content: "streamed 1" });
      await repo.appendEvent(key, { author: "assistant", content: "streamed 2" });
    });
    await cli.waitFor("streamed 2");
    cli.child.kill("SIGINT");
    const result = await cli.exited;
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as SessionEvent);
    expect(lines.map((e) => [e.seq, e.content])).toEqual([
      [1, "before follow"],
      [2, "streamed 1"],
      [3, "streamed 2"],
    ]);
  });

  it("--follow ends with exit 0 when the session is deleted", async () => {
    const key = { appName: "support", userId: "alice", sessionId: "s-follow-delete" };
    await withRepo(kind, db, (repo) => repo.createSession(key));
    const cli = startCli(["history", "s-follow-delete", "--follow", "--db", db]);
    await cli.waitFor("Ctrl-C", "stderr");
    await withRepo(kind, db, (repo) => repo.deleteSession(key));
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("deleted");
  });
});
