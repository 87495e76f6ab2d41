import type { SessionEvent } from "@sessionkit/core";
import { createPostgresRepository } from "@sessionkit/postgres";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { freshRepository, key, text } from "./support/fixtures.js";

const url = inject("pgUrl");
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("postgres watch through LISTEN/NOTIFY", () => {
  it("delivers another pool's writes, and catches up on what was written while its LISTEN connection was down", async () => {
    const fresh = freshRepository(url, { applicationName: "sk-watcher" });
    cleanup = fresh.cleanup;
    const { repo: watcherRepo, schema } = fresh;
    await watcherRepo.createSession(key());
    // Another "host": its own pool, so nothing reaches the watcher in process.
    const writer = createPostgresRepository({ url, schema, applicationName: "sk-writer" });
    const seen: SessionEvent[] = [];
    const controller = new AbortController();
    const watching = (async () => {
      for await (const e of watcherRepo.watch(key(), { signal: controller.signal })) seen.push(e);
    })();
    await new Promise((r) => setTimeout(r, 300));
    await writer.appendEvent(key(), text(1, "a"));
    await until(() => seen.length === 1);
    // Kill the watcher's LISTEN connection, write while it is down, and expect the catch-up.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const killed = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sk-watcher' AND query LIKE 'LISTEN%'",
    );
    expect(killed.rowCount).toBe(1);
    await admin.end();
    await writer.appendEvents(key(), [text(2, "b"), text(3, "c")]);
    await until(() => seen.length === 3);
    expect(seen.map((e) => [e.seq, e.id])).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
    controller.abort();
    await watching;
    await writer.close();
  });
});
