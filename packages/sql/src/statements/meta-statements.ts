/** SQL text for the sessionkit_meta key/value table. */

/** The value JSON stored under a name. Params: name. */
export const selectMeta = "SELECT value FROM sessionkit_meta WHERE name = ?";

/** Stores a value under a name, replacing any. Params: name, value JSON. */
export const upsertMeta = `INSERT INTO sessionkit_meta (name, value) VALUES (?, ?)
ON CONFLICT (name) DO UPDATE SET value = excluded.value`;

/** Deletes a name (no-op when absent). Params: name. */
export const deleteMeta = "DELETE FROM sessionkit_meta WHERE name = ?";

/** Names with a prefix, after a name, ascending (primary-key range scan). */
export const listMetaByPrefix = `SELECT name, value FROM sessionkit_meta
WHERE name > ? AND name >= ? AND substr(name, 1, length(?)) = ? ORDER BY name LIMIT ?`;
