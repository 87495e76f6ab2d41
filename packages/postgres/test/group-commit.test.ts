import type { SessionEvent, SessionRepository } from "@sessionkit/core";
import type pg from "pg";
import pgModule from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { storedGroupEventIds } from "../src/pg-append-group-statements.js";
import { freshRepository, key, text } from "./support/fixtures.js";

const url = inject("pgUrl");
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

/**
 * A repository in a fresh schema with every statement its pool runs recorded (white box: the
 * real node-postgres pool behind it, `connect` observed).
 */
async function recorded(options: { groupCommit?: boolean } = {}) {
  const fresh = freshRepository(url, options);
  cleanup = fresh.cleanup;
  await fresh.repo.open();
  const pool = (fresh.repo as unknown as { pg: { pool: pg.Pool } }).pg.pool;
  const texts: string[] = [];
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  const observed = new WeakSet<pg.PoolClient>();
  (pool as unknown as { connect: () => Promise<pg.PoolClient> }).connect = async () => {
    const client = await connect();
    if (observed.has(client)) return client;
    observed.add(client);
    const query = client.query.bind(client) as (...a: unknown[]) => unknown;
    (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...args) => {
      const first = args[0] as string | { text: string };
      texts.push(typeof first === "string" ? first : first.text);
      return query(...args);
    };
    return client;
  };
  const count = (pattern: RegExp) => texts.filter((t) => pattern.test(t)).length;
  return {
    repo: fresh.repo as SessionRepository,
    /** Set-based group inserts (one per group) and one-event inserts (the shared logic). */
    groupInserts: () => count(/FROM unnest\(\$1::bigint\[\], \$2::bigint\[\]/),
    sharedInserts: () => count(/^INSERT INTO events .*VALUES/s),
    commits: () => count(/^COMMIT$/),
  };
}

const settle = (calls: Array<Promise<unknown>>) => Promise.allSettled(calls);
const stored = (s: PromiseSettledResult<unknown>) =>
  (s as PromiseFulfilledResult<SessionEvent>).value;
const codeOf = (s: PromiseSettledResult<unknown>) =>
  (s as PromiseRejectedResult).reason?.code as string | undefined;

describe("group commit (postgres, set-based)", () => {
  it("writes 64 concurrent appends to 64 sessions with one INSERT and one COMMIT", async () => {
    const { repo, groupInserts, sharedInserts, commits } = await recorded();
    for (let i = 0; i < 64; i++) await repo.createSession(key(`s${i}`));
    const before = { group: groupInserts(), shared: sharedInserts(), commits: commits() };
    const events = await Promise.all(
      Array.from({ length: 64 }, (_, i) => repo.appendEvent(key(`s${i}`), text(i, `e${i}`))),
    );
    expect(groupInserts() - before.group).toBe(1);
    expect(sharedInserts() - before.shared).toBe(0);
    expect(commits() - before.commits).toBe(1);
    expect(events.map((e) => [e.id, e.seq])).toEqual(events.map((_, i) => [`e${i}`, 1]));
    for (let i = 0; i < 64; i += 9) {
      const session = await repo.getSession(key(`s${i}`));
      expect(session?.events?.map((e) => [e.id, e.seq, e.content])).toEqual([
        [`e${i}`, 1, { text: `message ${i}` }],
      ]);
      expect(session?.lastSeq).toBe(1);
      expect(session?.revision).toBe(2);
    }
    expect(await repo.checkIntegrity()).toEqual({ ok: true, problems: [] });
  });

  it("checks a group's stored ids by index probes even under a generic plan made on small tables", async () => {
    // The prepared statement's generic plan is made once per connection from the table sizes of
    // that moment. As a plain join on unnest it was a hash join scanning `events` whole (4.3 ms
    // per group of 64 on a fresh schema, growing with the table); LATERAL … LIMIT 1 probes.
    const fresh = freshRepository(url);
    cleanup = fresh.cleanup;
    await fresh.repo.open();
    const client = new pgModule.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`SET search_path = ${fresh.schema}`);
      await client.query("SET plan_cache_mode = force_generic_plan");
      const plan = async (statement: string, name: string) => {
        await client.query(`PREPARE ${name} AS ${statement}`);
        const rows = await client.query(
          `EXPLAIN (COSTS OFF) EXECUTE ${name}('{1,2,3}'::bigint[], '{a,b,c}'::text[])`,
        );
        return rows.rows.map((r) => r["QUERY PLAN"] as string).join("\n");
      };
      const now = await plan(storedGroupEventIds, "stored_now");
      expect(now).toMatch(/Index Only Scan using events_session_pk_event_id_key on events/);
      expect(now).not.toMatch(/Seq Scan on events|Hash Join/);
      // The earlier statement, for contrast: the same situation plans a scan of events.
      const before = await plan(
        `SELECT e.session_pk, e.event_id FROM events AS e JOIN unnest($1::bigint[], $2::text[]) AS k(session_pk, event_id) ON e.session_pk = k.session_pk AND e.event_id = k.event_id`,
        "stored_before",
      );
      expect(before).toMatch(/Seq Scan on events/);
    } finally {
      await client.end();
    }
  });

  it("chains expected revisions within one session's appends of a group, in submission order", async () => {
    const { repo, groupInserts } = await recorded();
    const created = await repo.createSession(key());
    const before = groupInserts();
    const events = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        repo.appendEvents(key(), [text(i * 2, `a${i}`), text(i * 2 + 1, `b${i}`)], {
          expectedRevision: created.revision + i * 2,
        }),
      ),
    );
    expect(groupInserts() - before).toBe(1);
    expect(events.flat().map((e) => e.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    const session = await repo.getSession(key());
    expect(session?.events?.map((e) => e.id)).toEqual(events.flat().map((e) => e.id));
    expect(session?.revision).toBe(created.revision + 16);
  });

  it("leaves a session with a stale append to the shared logic: STALE alone, its other appends in order", async () => {
    const { repo } = await recorded();
    await repo.createSession(key("mixed"));
    await repo.createSession(key("other"));
    const settled = await settle([
      repo.appendEvent(key("mixed"), text(1, "m1")),
      repo.appendEvent(key("other"), text(2, "o1")),
      repo.appendEvent(key("mixed"), text(3, "m2"), { expectedRevision: 99 }),
      repo.appendEvent(key("mixed"), text(4, "m3")),
    ]);
    expect(settled.map((s) => s.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    expect(codeOf(settled[2] as PromiseSettledResult<unknown>)).toBe("STALE");
    expect([stored(settled[0]!).seq, stored(settled[3]!).seq]).toEqual([1, 2]);
    const mixed = await repo.getSession(key("mixed"));
    expect(mixed?.events?.map((e) => [e.id, e.seq])).toEqual([
      ["m1", 1],
      ["m3", 2],
    ]);
    expect((await repo.getSession(key("other")))?.events?.map((e) => e.id)).toEqual(["o1"]);
  });

  it("keeps a partial event between its session's appends for a watcher", async () => {
    const { repo } = await recorded();
    await repo.createSession(key("streamed"));
    await repo.createSession(key("beside"));
    const iterator = repo.watch(key("streamed"), { afterSeq: 0 })[Symbol.asyncIterator]();
    try {
      const first = iterator.next();
      await Promise.all([
        repo.appendEvent(key("streamed"), text(1, "p1")),
        repo.appendEvent(key("beside"), text(2, "b1")),
        repo.appendEvent(key("streamed"), {
          author: "model",
          content: { text: "par" },
          partial: true,
        }),
        repo.appendEvent(key("streamed"), text(3, "p2")),
      ]);
      const seen = [(await first).value as SessionEvent];
      for (let i = 0; i < 2; i++) seen.push((await iterator.next()).value as SessionEvent);
      expect(seen.map((e) => [e.partial === true, e.seq])).toEqual([
        [false, 1],
        [true, 1],
        [false, 2],
      ]);
    } finally {
      await iterator.return?.();
    }
  });

  it("applies session, user and app state of a group as if the appends ran one after another", async () => {
    const { repo, groupInserts } = await recorded();
    await repo.createSession(key("a", "u1"), { state: { keep: 1, drop: 2 } });
    await repo.createSession(key("b", "u1"));
    const before = groupInserts();
    await Promise.all([
      repo.appendEvent(key("a", "u1"), {
        ...text(1),
        stateDelta: { drop: null, set: "x", "user:tier": "gold", "app:motd": "hi" },
      }),
      repo.appendEvent(key("b", "u1"), { ...text(2), stateDelta: { "user:tier": "silver" } }),
      repo.appendEvent(key("a", "u1"), {
        ...text(3),
        stateDelta: { set: "y", "user:seen": true, "app:motd": null, "temp:x": 1 },
      }),
    ]);
    expect(groupInserts() - before).toBe(1);
    const a = await repo.getSession(key("a", "u1"));
    expect(a?.state).toEqual({ keep: 1, set: "y", "user:tier": "silver", "user:seen": true });
    expect(a?.events?.map((e) => e.stateDelta)).toEqual([
      { drop: null, set: "x", "user:tier": "gold", "app:motd": "hi" },
      { set: "y", "user:seen": true, "app:motd": null },
    ]);
    expect((await repo.getSession(key("b", "u1")))?.state).toEqual({
      "user:tier": "silver",
      "user:seen": true,
    });
  });

  it("a value the server refuses fails only its own call; the others of the group are stored", async () => {
    const { repo } = await recorded();
    for (let i = 0; i < 6; i++) await repo.createSession(key(`s${i}`));
    const settled = await settle(
      Array.from({ length: 6 }, (_, i) =>
        repo.appendEvent(key(`s${i}`), {
          ...text(i, `e${i}`),
          // JSONB cannot hold U+0000: the group's state write fails on the server.
          stateDelta: { note: i === 2 ? "nul \u0000 here" : `ok ${i}` },
        }),
      ),
    );
    expect(settled.map((s) => s.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
      "fulfilled",
    ]);
    expect(codeOf(settled[2] as PromiseSettledResult<unknown>)).toBe("INVALID_ARGUMENT");
    expect((await repo.getSession(key("s2")))?.events).toEqual([]);
    for (const i of [0, 1, 3, 4, 5]) {
      expect((await repo.getSession(key(`s${i}`)))?.state).toEqual({ note: `ok ${i}` });
    }
  });

  it("groupCommit: false writes one transaction per call", async () => {
    const { repo, groupInserts, commits } = await recorded({ groupCommit: false });
    for (let i = 0; i < 8; i++) await repo.createSession(key(`s${i}`));
    const before = commits();
    await Promise.all(Array.from({ length: 8 }, (_, i) => repo.appendEvent(key(`s${i}`), text(i))));
    expect(groupInserts()).toBe(0);
    expect(commits() - before).toBe(8);
  });
});
