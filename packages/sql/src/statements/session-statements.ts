/** SQL text for the sessions table. Every statement is served by an index (see migrations.ts). */

/** Every column of `sessions`, in the order the session row readers expect. */
export const SESSION_COLUMNS =
  "pk, app_name, user_id, session_id, status, state, metadata, created_at, updated_at, expired_at, last_seq, revision";

/** One session row by key. Params: appName, userId, sessionId. */
export const selectSessionByKey = `SELECT ${SESSION_COLUMNS} FROM sessions WHERE app_name = ? AND user_id = ? AND session_id = ?`;

/**
 * {@link selectSessionByKey} for a write that reads the row and then changes the session (an
 * append, an expiry, a snapshot import): on SQLite the same text (the write transaction already
 * holds the database's write lock); a dialect with row locks takes the session's row lock here,
 * in the same statement, so concurrent writers of one session queue on it. Params as
 * {@link selectSessionByKey}.
 */
export const selectSessionForWrite = selectSessionByKey;

/**
 * Creates an active session (lastSeq 0, revision 1) and returns its row; no row when the key
 * exists. Params: appName, userId, sessionId, state JSON, metadata JSON, createdAt, updatedAt (ms).
 */
export const insertSession = `INSERT INTO sessions (app_name, user_id, session_id, status, state, metadata, created_at, updated_at, expired_at, last_seq, revision)
VALUES (?, ?, ?, 'active', ?, ?, ?, ?, NULL, 0, 1)
ON CONFLICT (app_name, user_id, session_id) DO NOTHING
RETURNING ${SESSION_COLUMNS}`;

/**
 * Inserts a session with every value given (snapshot import); fails on an existing key.
 * Params: appName, userId, sessionId, status, state JSON, metadata JSON, createdAt, updatedAt,
 * expiredAt (ms or null), lastSeq, revision.
 */
export const insertSnapshotSession = `INSERT INTO sessions (app_name, user_id, session_id, status, state, metadata, created_at, updated_at, expired_at, last_seq, revision)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** After an append: state, lastSeq, revision, updatedAt in one write. */
export const bumpSession =
  "UPDATE sessions SET state = ?, last_seq = ?, revision = ?, updated_at = ? WHERE pk = ?";

/** Expires one session, revision + 1. Params: expiredAt (ms), pk. */
export const expireSessionByPk =
  "UPDATE sessions SET status = 'expired', expired_at = ?, revision = revision + 1 WHERE pk = ?";

/**
 * Expires every active session last updated before a time, revision + 1.
 * Params: expiredAt (ms), idleSince (ms).
 */
export const expireIdleAll = `UPDATE sessions SET status = 'expired', expired_at = ?, revision = revision + 1
WHERE pk IN (SELECT s.pk FROM (SELECT DISTINCT app_name FROM sessions) AS a
  JOIN sessions AS s ON s.app_name = a.app_name AND s.updated_at < ? AND s.status = 'active')`;

/**
 * Like {@link expireIdleAll}, for one app. Params: expiredAt (ms), appName, idleSince (ms).
 */
export const expireIdleInApp =
  "UPDATE sessions SET status = 'expired', expired_at = ?, revision = revision + 1 WHERE app_name = ? AND updated_at < ? AND status = 'active'";

/** Deletes one session by key (events and FTS rows cascade). Params: appName, userId, sessionId. */
export const deleteSessionByKey =
  "DELETE FROM sessions WHERE app_name = ? AND user_id = ? AND session_id = ?";

/** Deletes one session by primary key (events and FTS rows cascade). Params: pk. */
export const deleteSessionByPk = "DELETE FROM sessions WHERE pk = ?";

/**
 * One purge batch: the oldest expired sessions first (partial index on expired_at).
 * Params: limit.
 */
export const purgeBatchAll = `DELETE FROM sessions WHERE pk IN (
  SELECT pk FROM sessions WHERE status = 'expired' ORDER BY expired_at LIMIT ?)`;

/** Like {@link purgeBatchAll}, only sessions expired before a time. Params: before (ms), limit. */
export const purgeBatchBefore = `DELETE FROM sessions WHERE pk IN (
  SELECT pk FROM sessions WHERE status = 'expired' AND expired_at < ? ORDER BY expired_at LIMIT ?)`;

/**
 * Session keys after a key, in key order (keyset pagination over every app).
 * Params: appName, userId, sessionId (exclusive start; empty strings start at the
 * beginning), limit.
 */
export const scanSessionKeys = `SELECT app_name, user_id, session_id FROM sessions
WHERE (app_name, user_id, session_id) > (?, ?, ?) ORDER BY app_name, user_id, session_id LIMIT ?`;

/**
 * Session keys of one app after (userId, sessionId), in key order.
 * Params: appName, userId, sessionId (exclusive start; empty strings start at the
 * beginning), limit.
 */
export const scanSessionKeysInApp = `SELECT app_name, user_id, session_id FROM sessions
WHERE app_name = ? AND (user_id, session_id) > (?, ?) ORDER BY app_name, user_id, session_id LIMIT ?`;
