/**
 * The set-based statements of PostgreSQL group commit (see `PgAppendGroup`): each takes whole
 * columns as arrays (`unnest`), so a group of appends costs the same handful of statements
 * whatever its size, on the schema of `schema-migrations.ts`.
 */

/**
 * Locks the sessions of a group, in primary-key order (so two groups never wait on each other
 * in a cycle), and reads what the group's guards need. Params: appNames, userIds, sessionIds.
 */
export const lockGroupSessions = `SELECT s.pk, s.app_name, s.user_id, s.session_id, s.status, s.state, s.last_seq, s.revision
FROM sessions AS s
JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(app_name, user_id, session_id)
  ON s.app_name = k.app_name AND s.user_id = k.user_id AND s.session_id = k.session_id
ORDER BY s.pk
FOR UPDATE OF s`;

/**
 * The (session, event id) pairs of a group already stored. Params: session pks, event ids. One
 * index probe per pair (`LATERAL … LIMIT 1`) whatever the planner believes of the tables: as a
 * plain join on `unnest`, the generic plan of the prepared statement, made once per connection
 * while `events` was small, stayed a hash join scanning `events` whole as it grew (measured on a
 * fresh schema: 4.3 ms per group of 64 and growing, against 0.4 ms for the probes).
 */
export const storedGroupEventIds = `SELECT k.session_pk, k.event_id
FROM unnest($1::bigint[], $2::text[]) AS k(session_pk, event_id)
CROSS JOIN LATERAL (
  SELECT 1 FROM events AS e
  WHERE e.session_pk = k.session_pk AND e.event_id = k.event_id
  LIMIT 1
) AS stored`;

/**
 * Every event of a group in one INSERT, columns as arrays (the order of `eventInsertValues`
 * after the session and seq). Params: session pks, seqs, ids, invocation ids, authors, contents,
 * state deltas, metadata, timestamps, search texts.
 */
export const insertGroupEvents = `INSERT INTO events (session_pk, seq, event_id, invocation_id, author, content, state_delta, metadata, timestamp, search_text)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::text[])`;

/**
 * Every session of a group moved on in one UPDATE: lastSeq, revision, updatedAt, and the state
 * where the group changed it (null: unchanged). Params: pks, states (JSON text or null),
 * last seqs, revisions, updatedAt.
 */
export const bumpGroupSessions = `UPDATE sessions AS s
SET state = coalesce(u.state::jsonb, s.state), last_seq = u.last_seq, revision = u.revision, updated_at = $5
FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[]) AS u(pk, state, last_seq, revision)
WHERE s.pk = u.pk`;

/** Sets app-state keys (one row per key). Params: appNames, keys, values (JSON text). */
export const upsertGroupAppState = `INSERT INTO app_state (app_name, key, value)
SELECT a, k, v::jsonb FROM unnest($1::text[], $2::text[], $3::text[]) AS t(a, k, v)
ON CONFLICT (app_name, key) DO UPDATE SET value = excluded.value`;

/** Deletes app-state keys. Params: appNames, keys. */
export const deleteGroupAppState = `DELETE FROM app_state AS s
USING unnest($1::text[], $2::text[]) AS t(a, k)
WHERE s.app_name = t.a AND s.key = t.k`;

/** Sets user-state keys (one row per key). Params: appNames, userIds, keys, values (JSON text). */
export const upsertGroupUserState = `INSERT INTO user_state (app_name, user_id, key, value)
SELECT a, u, k, v::jsonb FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(a, u, k, v)
ON CONFLICT (app_name, user_id, key) DO UPDATE SET value = excluded.value`;

/** Deletes user-state keys. Params: appNames, userIds, keys. */
export const deleteGroupUserState = `DELETE FROM user_state AS s
USING unnest($1::text[], $2::text[], $3::text[]) AS t(a, u, k)
WHERE s.app_name = t.a AND s.user_id = t.u AND s.key = t.k`;
