import { MemoryRepository } from "@sessionkit/core";
import { describe, expect, it } from "vitest";
import { appendWithReload } from "../src/append-with-reload.js";
import { type CallCounts, instrument } from "../src/instrumented-repository.js";

describe("docs/errors.md snippet (STALE → reload and retry)", () => {
  it("two racing writers both succeed; the loser reloads once after STALE", async () => {
    const counts: CallCounts = {};
    const repo = instrument(new MemoryRepository(), counts);
    const key = { appName: "a", userId: "u", sessionId: "s" };
    await repo.createSession(key);
    const [a, b] = await Promise.all([
      appendWithReload(repo, key, { author: "a", content: 1 }),
      appendWithReload(repo, key, { author: "b", content: 2 }),
    ]);
    expect([a.seq, b.seq].sort()).toEqual([1, 2]);
    expect(counts.getSession).toBe(3); // two first reads + one reload after STALE
    expect(counts.appendEvent).toBe(3);
    expect((await repo.getSession(key))?.revision).toBe(3);
    await repo.close();
  });
});
