import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { freshRepository, key, text } from "./support/fixtures.js";

const url = inject("pgUrl");
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function withClient<T>(schema: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe("postgres search index", () => {
  it("stores each event's terms with the event and finds them through the GIN index", async () => {
    const fresh = freshRepository(url);
    cleanup = fresh.cleanup;
    const { repo, schema } = fresh;
    await repo.createSession(key());
    await repo.appendEvents(key(), [
      { author: "user", content: { text: "新しいデータベースを作成しました" } },
      { author: "user", content: { parts: [{ text: "Grüße aus Köln" }] } },
    ]);
    const terms = await withClient(schema, async (c) =>
      (await c.query("SELECT search_terms FROM events ORDER BY seq")).rows.map(
        (r) => r.search_terms,
      ),
    );
    expect(terms[0]).toContain("データベース");
    expect(terms[1]).toEqual(["grusse", "aus", "koln"]);
    expect(
      (await repo.searchEvents({ appName: "app", query: "データベース" })).map((h) => h.event.seq),
    ).toEqual([1]);
    expect((await repo.searchEvents({ appName: "app", query: "KÖLN" }))[0]?.snippet).toBe(
      "Grüße aus [Köln]",
    );
    // The plan of a search on a store with enough rows goes through the GIN index.
    const plan = await withClient(schema, async (c) => {
      await c.query("SET enable_seqscan = off");
      const r = await c.query(
        "EXPLAIN SELECT id FROM events WHERE search_terms @> ARRAY['koln']::text[]",
      );
      return r.rows.map((row) => row["QUERY PLAN"]).join("\n");
    });
    expect(plan).toContain("events_search_terms");
  });

  it("indexes events another tool inserted without terms on maintain(), and checkIntegrity says they wait", async () => {
    const fresh = freshRepository(url);
    cleanup = fresh.cleanup;
    const { repo, schema } = fresh;
    await repo.createSession(key());
    await repo.appendEvent(key(), text(1));
    await withClient(schema, (c) =>
      c.query(
        `INSERT INTO events (session_pk, seq, event_id, author, content, timestamp)
SELECT pk, 2, 'foreign', 'tool', '{"text":"written by a migration script: Zürich"}', 1 FROM sessions;
UPDATE sessions SET last_seq = 2, revision = revision + 1`,
      ),
    );
    expect(await repo.searchEvents({ appName: "app", query: "zurich" })).toEqual([]);
    const report = await repo.checkIntegrity();
    expect(report.problems.map((p) => p.kind)).toEqual(["search-index"]);
    expect(report.problems[0]?.message).toMatch(/1 events.*maintain/);
    const done = await repo.maintain({ vacuum: false });
    expect(done.performed).toEqual(["search-index", "analyze"]);
    const hits = await repo.searchEvents({ appName: "app", query: "zurich" });
    expect(hits.map((h) => h.event.id)).toEqual(["foreign"]);
    expect((await repo.checkIntegrity()).ok).toBe(true);
  });
});
