import { MemoryRepository, type SessionOperations } from "@sessionkit/core";
import { copySession } from "@sessionkit/migrate";
import { describe, expect, it } from "vitest";

const key = { appName: "app", userId: "u1", sessionId: "s1" };

/**
 * Two stores where another process keeps writing the primary and copying it to the secondary
 * just before each of our copies lands: every one of our copies is skipped, and the primary is
 * always one revision ahead of what the secondary kept.
 */
async function racingStores() {
  const primary = new MemoryRepository();
  const secondary = new MemoryRepository();
  await primary.createSession(key, {});
  await secondary.writeSnapshot((await primary.readSnapshot(key)) as never, { mode: "replace" });
  let otherWrites = 0;
  const otherProcessWrites = async () => {
    otherWrites++;
    await primary.appendEvent(key, { author: "user", content: { text: `other ${otherWrites}` } });
  };
  const racingSecondary = new Proxy(secondary, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== "writeSnapshot") return typeof value === "function" ? value.bind(target) : value;
      return async (...args: Parameters<SessionOperations["writeSnapshot"]>) => {
        // The other process's copy of the primary lands first, then it writes again.
        await otherProcessWrites();
        await secondary.writeSnapshot((await primary.readSnapshot(key)) as never, {
          mode: "if-newer",
        });
        await otherProcessWrites();
        return secondary.writeSnapshot(...args);
      };
    },
  }) as SessionOperations;
  return { primary, secondary, racingSecondary, otherWrites: () => otherWrites };
}

describe("copySession under writers that keep moving the primary ahead", () => {
  it("hands the copy over without reporting divergence when every attempt loses the race", async () => {
    const { primary, racingSecondary, otherWrites } = await racingStores();
    let diverged = 0;
    const result = await copySession(primary, racingSecondary, key, "if-newer", async () => {
      diverged++;
    });
    expect(result).toBe("skipped");
    expect(otherWrites()).toBeGreaterThanOrEqual(10);
    expect(diverged).toBe(0);
  });

  it("still reports a secondary copy that differs without being older", async () => {
    const primary = new MemoryRepository();
    const secondary = new MemoryRepository();
    await primary.createSession(key, {});
    await secondary.writeSnapshot((await primary.readSnapshot(key)) as never, { mode: "replace" });
    // The secondary moved ahead on its own (written behind the phased repository's back).
    await secondary.appendEvent(key, { author: "user", content: { text: "stray" } });
    await secondary.appendEvent(key, { author: "user", content: { text: "stray 2" } });
    await primary.appendEvent(key, { author: "user", content: { text: "through the app" } });
    let diverged = 0;
    const result = await copySession(primary, secondary, key, "if-newer", async () => {
      diverged++;
    });
    expect(result).toBe("skipped");
    expect(diverged).toBe(1);
  });
});
