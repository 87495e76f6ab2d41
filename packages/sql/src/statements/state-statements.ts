/** SQL text for app- and user-scoped state (one row per key). */

/** Sets one app-state key. Params: appName, key, value JSON. */
export const upsertAppState = `INSERT INTO app_state (app_name, key, value) VALUES (?, ?, ?)
ON CONFLICT (app_name, key) DO UPDATE SET value = excluded.value`;

/** Deletes one app-state key (no-op when absent). Params: appName, key. */
export const deleteAppStateKey = "DELETE FROM app_state WHERE app_name = ? AND key = ?";

/** Sets one user-state key. Params: appName, userId, key, value JSON. */
export const upsertUserState = `INSERT INTO user_state (app_name, user_id, key, value) VALUES (?, ?, ?, ?)
ON CONFLICT (app_name, user_id, key) DO UPDATE SET value = excluded.value`;

/** Deletes one user-state key (no-op when absent). Params: appName, userId, key. */
export const deleteUserStateKey =
  "DELETE FROM user_state WHERE app_name = ? AND user_id = ? AND key = ?";

/** Every app-state row (key, value JSON) of an app, unordered. Params: appName. */
export const selectAppState = "SELECT key, value FROM app_state WHERE app_name = ?";

/** Every user-state row (key, value JSON) of a user, unordered. Params: appName, userId. */
export const selectUserState =
  "SELECT key, value FROM user_state WHERE app_name = ? AND user_id = ?";

/** App and user state of one session in one read: scope 0 = app, 1 = user. */
export const selectScopedStateForSession = `SELECT 0 AS scope, '' AS user_id, key, value FROM app_state WHERE app_name = ?
UNION ALL
SELECT 1 AS scope, user_id, key, value FROM user_state WHERE app_name = ? AND user_id = ?`;

/** App state plus the state of several users (JSON array of ids) for a listing page. */
export const selectScopedStateForUsers = `SELECT 0 AS scope, '' AS user_id, key, value FROM app_state WHERE app_name = ?
UNION ALL
SELECT 1 AS scope, user_id, key, value FROM user_state WHERE app_name = ? AND user_id IN (SELECT value FROM json_each(?))`;

/** Deletes every app-state key of an app. Params: appName. */
export const clearAppState = "DELETE FROM app_state WHERE app_name = ?";
/** Deletes every user-state key of a user. Params: appName, userId. */
export const clearUserState = "DELETE FROM user_state WHERE app_name = ? AND user_id = ?";

/**
 * Every scope holding state: (app_name, NULL) per app with app state, (app_name, user_id) per
 * user with user state, ordered by app then user (the app row first). No params.
 */
export const selectStateScopes = `SELECT app_name, NULL AS user_id FROM app_state GROUP BY app_name
UNION ALL
SELECT app_name, user_id FROM user_state GROUP BY app_name, user_id
ORDER BY 1, 2`;
