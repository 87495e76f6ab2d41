import type { SessionKitError } from "@sessionkit/core";
import { createPostgresRepository } from "@sessionkit/postgres";
import { type PgCluster, startPgCluster } from "@sessionkit/postgres/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { key, text } from "./support/fixtures.js";

// The server stopped and started while clients write: calls fail with IO or BUSY and a
// remedy, the pool reconnects by itself, and nothing acknowledged is lost.
let cluster: PgCluster;
beforeAll(async () => {
  cluster = await startPgCluster();
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

describe("postgres server restart", () => {
  it("keeps every acknowledged append across a restart mid-run; the pool reconnects", async () => {
    const repo = createPostgresRepository({
      url: cluster.url,
      schema: "restart",
      max: 4,
      connectionTimeoutMs: 1000,
    });
    await repo.createSession(key());
    const acknowledged: string[] = [];
    const failures: SessionKitError[] = [];
    let stop = false;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const id = `w${w}-${i}`;
        try {
          await repo.appendEvent(key(), text(i, id));
          acknowledged.push(id);
        } catch (error) {
          failures.push(error as SessionKitError);
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    });
    await new Promise((r) => setTimeout(r, 400));
    const before = acknowledged.length;
    await cluster.stopServer();
    await new Promise((r) => setTimeout(r, 300));
    await cluster.startServer();
    // Writers go on until each has had a success after the restart.
    const restartedAt = acknowledged.length;
    const deadline = Date.now() + 15_000;
    while (acknowledged.length < restartedAt + 20 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    stop = true;
    await Promise.all(writers);
    expect(before).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThanOrEqual(restartedAt + 20);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect(["IO", "BUSY"]).toContain(f.code);
      expect(f.remedy.length).toBeGreaterThan(10);
      expect(f.adapter).toBe("postgres");
    }
    const session = await repo.getSession(key());
    const stored = new Set(session?.events?.map((e) => e.id));
    for (const id of acknowledged) expect(stored.has(id), id).toBe(true);
    expect(session?.events?.map((e) => e.seq)).toEqual(
      Array.from({ length: session?.events?.length ?? 0 }, (_, i) => i + 1),
    );
    expect(session?.lastSeq).toBe(session?.events?.length);
    expect((await repo.checkIntegrity()).ok).toBe(true);
    await repo.close();
  }, 60_000);
});
