import type { JsonObject, JsonValue, SessionEvent } from "@sessionkit/core";
import { applyEntries, searchIndexText, toStoredEvent } from "@sessionkit/core/adapter-kit";
import {
  type AppendGroupOutcome,
  type AppendGroupRunner,
  type CoalescedAppend,
  eventInsertValues,
  watchKeyOf,
} from "@sessionkit/sql";
import type pg from "pg";
import { pgCode } from "./convert-pg-error.js";
import { planSessionMembers, type SessionMembers } from "./pg-append-group-plan.js";
import * as sql from "./pg-append-group-statements.js";
import type { PgConnection } from "./pg-connection.js";
import { statementName } from "./pg-work-driver.js";

interface LockedSession {
  pk: number;
  app_name: string;
  user_id: string;
  session_id: string;
  status: string;
  state: string;
  last_seq: number;
  revision: number;
}

/** Lock conflicts (deadlock, serialization, lock not available): the appends then run alone. */
const LOCK_CONFLICTS = new Set(["40001", "40P01", "55P03"]);

/**
 * Group commit on PostgreSQL: the coalesced appends of a group written SET-BASED in one
 * transaction on one pooled connection — the sessions locked in one statement (primary-key
 * order), stored ids checked in one, every event inserted in one, every session moved on in one,
 * app/user state in at most four — so a group of 64 appends costs about eight statements and
 * one commit instead of some 64 × 5 statements and 64 commits (and 64 change notifications).
 *
 * Per session, only the common case is written here: an active session, each append at its
 * expected revision (counting the group's earlier appends of that session), none of its event
 * ids stored yet, no partial events. A session that fails any of these has ALL its appends of
 * the group left to the shared logic (answer "shared", nothing of them written), which runs
 * them alone after this commit, in order (NOT_FOUND, STALE, idempotent retry, CONFLICT exactly
 * as without group commit). A lock conflict with another transaction rolls the group back and
 * leaves every append to the shared logic; any other failure rejects (nothing committed).
 */
export class PgAppendGroup implements AppendGroupRunner {
  constructor(private readonly pg: PgConnection) {}

  async run(appends: readonly CoalescedAppend[], now: number): Promise<AppendGroupOutcome[]> {
    const outcomes: AppendGroupOutcome[] = appends.map(() => ({ kind: "shared" }));
    const sessions = planSessionMembers(appends);
    if (sessions.size === 0) return outcomes;
    await this.pg.open();
    const client = await this.pg.pool.connect();
    const query = (text: string, values: unknown[]) =>
      this.pg.options.preparedStatements
        ? client.query({ name: statementName(text), text, values })
        : client.query({ text, values });
    let stored: Map<number, SessionEvent[]>;
    try {
      await client.query("BEGIN");
      stored = await this.write(appends, sessions, now, query);
      await client.query("COMMIT");
    } catch (error) {
      const rolledBack = await client.query("ROLLBACK").then(
        () => true,
        () => false,
      );
      client.release(!rolledBack);
      if (rolledBack && LOCK_CONFLICTS.has(pgCode(error))) return outcomes;
      throw error;
    }
    client.release();
    const watched = this.pg.hub.size > 0;
    for (const [index, events] of stored) {
      const { appName, userId, sessionId } = (appends[index] as CoalescedAppend).key;
      const watchKey = watchKeyOf(appName, userId, sessionId);
      outcomes[index] = {
        kind: "stored",
        events,
        published: watched ? events.map((event) => [watchKey, structuredClone(event)]) : [],
      };
    }
    return outcomes;
  }

  /** Locks, checks and writes inside the open transaction; the stored events by append index. */
  private async write(
    appends: readonly CoalescedAppend[],
    sessions: Map<string, SessionMembers>,
    now: number,
    query: (text: string, values: unknown[]) => Promise<pg.QueryResult>,
  ): Promise<Map<number, SessionEvent[]>> {
    const keys = [...sessions.values()].map((s) => s.key);
    const locked = await query(sql.lockGroupSessions, [
      keys.map((k) => k.appName),
      keys.map((k) => k.userId),
      keys.map((k) => k.sessionId),
    ]);
    const ready = new Map<number, { session: SessionMembers; row: LockedSession }>();
    for (const row of locked.rows as LockedSession[]) {
      const session = sessions.get(watchKeyOf(row.app_name, row.user_id, row.session_id));
      if (
        session !== undefined &&
        row.status === "active" &&
        atExpectedRevisions(appends, session, row)
      ) {
        ready.set(row.pk, { session, row });
      }
    }
    if (ready.size === 0) return new Map();
    const pks: number[] = [];
    const ids: string[] = [];
    for (const [pk, { session }] of ready) {
      for (const id of session.ids) {
        pks.push(pk);
        ids.push(id);
      }
    }
    for (const hit of (await query(sql.storedGroupEventIds, [pks, ids])).rows) {
      ready.delete(Number((hit as { session_pk: number }).session_pk));
    }
    if (ready.size === 0) return new Map();

    const rows = new EventColumns();
    const bumps = {
      pk: [] as number[],
      state: [] as (string | null)[],
      seq: [] as number[],
      rev: [] as number[],
    };
    const scoped = new ScopedWrites();
    const stored = new Map<number, SessionEvent[]>();
    for (const [pk, { session, row }] of ready) {
      let seq = Number(row.last_seq);
      let revision = Number(row.revision);
      let state: JsonObject | null = null;
      for (const index of session.members) {
        const append = appends[index] as CoalescedAppend;
        const events: SessionEvent[] = [];
        for (const e of append.events) {
          seq++;
          revision++;
          const id = e.id as string;
          const timestamp = e.timestamp ?? now;
          rows.push(pk, seq, eventInsertValues(e, id, timestamp, searchIndexText));
          if (e.scoped) {
            if (e.scoped.session.length > 0) {
              state = applyEntries(
                state ?? (JSON.parse(row.state) as JsonObject),
                e.scoped.session,
              );
            }
            scoped.add(append.key.appName, append.key.userId, e.scoped.app, e.scoped.user);
          }
          events.push(toStoredEvent(e, id, seq, timestamp));
        }
        stored.set(index, events);
      }
      bumps.pk.push(pk);
      bumps.state.push(state === null ? null : JSON.stringify(state));
      bumps.seq.push(seq);
      bumps.rev.push(revision);
    }
    await query(sql.insertGroupEvents, rows.columns);
    await query(sql.bumpGroupSessions, [bumps.pk, bumps.state, bumps.seq, bumps.rev, now]);
    await scoped.write(query);
    return stored;
  }
}

/** Whether every member with an expected revision meets it, counting the earlier members. */
function atExpectedRevisions(
  appends: readonly CoalescedAppend[],
  session: SessionMembers,
  row: LockedSession,
): boolean {
  let revision = Number(row.revision);
  for (const index of session.members) {
    const append = appends[index] as CoalescedAppend;
    if (append.expectedRevision !== undefined && append.expectedRevision !== revision) return false;
    revision += append.events.length;
  }
  return true;
}

/** The events of a group as the ten columns of {@link sql.insertGroupEvents}. */
class EventColumns {
  readonly columns: unknown[][] = Array.from({ length: 10 }, () => []);

  /** One event: its session and seq, then the values of `eventInsertValues` (indexed). */
  push(pk: number, seq: number, values: readonly unknown[]): void {
    (this.columns[0] as unknown[]).push(pk);
    (this.columns[1] as unknown[]).push(seq);
    for (let i = 0; i < values.length; i++) (this.columns[i + 2] as unknown[]).push(values[i]);
  }
}

/**
 * The app- and user-state writes of a group: the last write of each key wins (as when the
 * appends run one after another), written in key order (so concurrent groups take row locks in
 * the same order).
 */
class ScopedWrites {
  private readonly app = new Map<string, [string, string, JsonValue]>();
  private readonly user = new Map<string, [string, string, string, JsonValue]>();

  add(
    appName: string,
    userId: string,
    app: ReadonlyArray<[string, JsonValue]>,
    user: ReadonlyArray<[string, JsonValue]>,
  ): void {
    for (const [key, value] of app)
      this.app.set(JSON.stringify([appName, key]), [appName, key, value]);
    for (const [key, value] of user) {
      this.user.set(JSON.stringify([appName, userId, key]), [appName, userId, key, value]);
    }
  }

  async write(query: (text: string, values: unknown[]) => Promise<unknown>): Promise<void> {
    await writeKeys(query, this.app, sql.upsertGroupAppState, sql.deleteGroupAppState);
    await writeKeys(query, this.user, sql.upsertGroupUserState, sql.deleteGroupUserState);
  }
}

/**
 * Writes one scope's final key values in key order: the set ones in one upsert (the value as
 * JSON text in the last column), the deleted (null) ones in one delete. Each row is the key
 * columns followed by the value.
 */
async function writeKeys(
  query: (text: string, values: unknown[]) => Promise<unknown>,
  writes: Map<string, readonly unknown[]>,
  upsert: string,
  remove: string,
): Promise<void> {
  const rows = [...writes.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
  const set = rows.filter((r) => r.at(-1) !== null);
  const deleted = rows.filter((r) => r.at(-1) === null);
  const columns = (list: readonly (readonly unknown[])[], width: number) =>
    Array.from({ length: width }, (_, c) => list.map((r) => r[c]));
  if (set.length > 0) {
    const width = (set[0] as readonly unknown[]).length;
    const cols = columns(set, width);
    cols[width - 1] = (cols[width - 1] as unknown[]).map((v) => JSON.stringify(v));
    await query(upsert, cols);
  }
  if (deleted.length > 0) {
    await query(remove, columns(deleted, (deleted[0] as readonly unknown[]).length - 1));
  }
}
