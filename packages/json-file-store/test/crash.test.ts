import { spawn } from "node:child_process";
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import { describe, expect, it } from "vitest";
import { tempRoot, VERIFY_AFTER_KILL_STALE_LOCK_MS } from "./temp-root.js";

const TRIALS = 20;
const key = { appName: "app", userId: "u", sessionId: "crash" };

/** Starts the writer, kills it with SIGKILL after `delayMs`, returns the acknowledged ids. */
async function killedWriter(root: string, from: number, delayMs: number): Promise<number[]> {
  const child = spawn(process.execPath, [
    new URL("./crash-child.mjs", import.meta.url).pathname,
    root,
    String(from),
  ]);
  let out = "";
  child.stdout.on("data", (d: Buffer) => {
    out += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", () => {
      if (out.includes("ready\n")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`writer exited early (${code}): ${out}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  child.kill("SIGKILL");
  await new Promise((resolve) => child.once("exit", resolve));
  return [...out.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1]));
}

describe("crash safety of the write path (SIGKILL of a real writer)", () => {
  it(`keeps every acknowledged append whole across ${TRIALS} kills; state files never lag the session file`, async () => {
    const { root, cleanup } = await tempRoot();
    try {
      const setup = await createJsonFileRepository({ root, create: true });
      await setup.createSession(key);
      await setup.close();
      const acked = new Set<number>();
      for (let trial = 0; trial < TRIALS; trial++) {
        const from = (trial + 1) * 10_000;
        for (const i of await killedWriter(root, from, 20 + Math.floor(Math.random() * 150)))
          acked.add(i);
        const repo = await createJsonFileRepository({
          root,
          staleLockMs: VERIFY_AFTER_KILL_STALE_LOCK_MS,
        });
        try {
          const snapshot = await repo.readSnapshot(key);
          const events = snapshot?.events ?? [];
          expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
          expect(snapshot?.revision).toBe(events.length + 1);
          const stored = new Set(events.map((e) => (e.content as { i: number }).i));
          for (const i of acked) expect(stored.has(i), `trial ${trial}: c${i} lost`).toBe(true);
          for (const e of events)
            expect((e.content as { filler: string }).filler).toHaveLength(64 * 1024);
          const last = (events.at(-1)?.content as { i: number } | undefined)?.i;
          if (last !== undefined) {
            expect(snapshot?.state.last).toBe(last);
            // Documented order: app and user state are written before the session file, so
            // they never lag it (they may hold the delta of an append killed in flight).
            const app = (await repo.getAppState({ appName: "app" })).last as number;
            const user = (await repo.getUserState({ appName: "app", userId: "u" })).last as number;
            for (const v of [app, user]) expect(v).toBeGreaterThanOrEqual(last);
          }
          expect(await repo.checkIntegrity()).toEqual({ ok: true, problems: [] });
        } finally {
          await repo.close();
        }
      }
      expect(acked.size).toBeGreaterThan(0);
    } finally {
      await cleanup();
    }
  }, 180_000);
});
