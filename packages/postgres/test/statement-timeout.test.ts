import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { freshRepository, key, text } from "./support/fixtures.js";

const url = inject("pgUrl");
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe("postgres statement timeout", () => {
  it("fails an append stuck behind another transaction's lock with BUSY after statementTimeoutMs, writing nothing", async () => {
    const fresh = freshRepository(url, { statementTimeoutMs: 300 });
    cleanup = fresh.cleanup;
    const { repo, schema } = fresh;
    await repo.createSession(key());
    await repo.appendEvent(key(), text(1));
    // Another tool holds the session's row lock in an open transaction.
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    await blocker.query("BEGIN");
    await blocker.query(`SELECT * FROM "${schema}".sessions WHERE session_id = 's1' FOR UPDATE`);
    const started = Date.now();
    const error = await repo.appendEvent(key(), text(2, "stuck")).catch((e: unknown) => e);
    const waited = Date.now() - started;
    expect(error).toMatchObject({
      code: "BUSY",
      operation: "appendEvent",
      message: expect.stringContaining("statementTimeoutMs"),
      remedy: expect.stringContaining("statementTimeoutMs"),
    });
    // Not retried: one call waits about one timeout.
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(5000);
    await blocker.query("ROLLBACK");
    await blocker.end();
    const session = await repo.getSession(key());
    expect(session?.events?.map((e) => e.id)).not.toContain("stuck");
    expect(session?.lastSeq).toBe(1);
    await repo.appendEvent(key(), text(2, "after"));
    expect((await repo.getSession(key()))?.lastSeq).toBe(2);
  });
});
