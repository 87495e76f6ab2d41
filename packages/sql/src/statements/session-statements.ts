/** SQL text for the sessions table. Every statement is served by an index (see migrations.ts). */

export const SESSION_COLUMNS =
  "pk, app_name, user_id, session_id, status, state, metadata, created_at, updated_at, expired_at, last_seq, revision";

export const selectSessionByKey = `SELECT ${SESSION_COLUMNS} FROM sessions WHERE app_name = ? AND user_id = ? AND session_id = ?`;

export const insertSession = `INSERT INTO sessions (app_name, user_id, session_id, status, state, metadata, created_at, updated_at, expired_at, last_seq, revision)
VALUES (?, ?, ?, 'active', ?, ?, ?, ?, NULL, 0, 1)
ON CONFLICT (app_name, user_id, session_id) DO NOTHING`;

export const insertSnapshotSession = `INSERT INTO sessions (app_name, user_id, session_id, status, state, metadata, created_at, updated_at, expired_at, last_seq, revision)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** After an append: state, lastSeq, revision, updatedAt in one write. */
export const bumpSession =
  "UPDATE sessions SET state = ?, last_seq = ?, revision = ?, updated_at = ? WHERE pk = ?";

export const expireSessionByPk =
  "UPDATE sessions SET status = 'expired', expired_at = ?, revision = revision + 1 WHERE pk = ?";

export const expireIdleAll =
  "UPDATE sessions SET status = 'expired', expired_at = ?, revision = revision + 1 WHERE status = 'active' AND updated_at < ?";

export const expireIdleInApp =
  "UPDATE sessions SET status = 'expired', expired_at = ?, revision = revision + 1 WHERE app_name = ? AND updated_at < ? AND status = 'active'";

export const deleteSessionByKey =
  "DELETE FROM sessions WHERE app_name = ? AND user_id = ? AND session_id = ?";

export const deleteSessionByPk = "DELETE FROM sessions WHERE pk = ?";

/** One purge batch: the oldest expired sessions first (partial index on expired_at). */
export const purgeBatchAll = `DELETE FROM sessions WHERE pk IN (
  SELECT pk FROM sessions WHERE status = 'expired' ORDER BY expired_at LIMIT ?)`;

export const purgeBatchBefore = `DELETE FROM sessions WHERE pk IN (
  SELECT pk FROM sessions WHERE status = 'expired' AND expired_at < ? ORDER BY expired_at LIMIT ?)`;

export const scanSessionKeys = `SELECT app_name, user_id, session_id FROM sessions
WHERE (app_name, user_id, session_id) > (?, ?, ?) ORDER BY app_name, user_id, session_id LIMIT ?`;

export const scanSessionKeysInApp = `SELECT app_name, user_id, session_id FROM sessions
WHERE app_name = ? AND (user_id, session_id) > (?, ?) ORDER BY app_name, user_id, session_id LIMIT ?`;
