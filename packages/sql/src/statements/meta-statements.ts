/** SQL text for the sessionkit_meta key/value table. */

export const selectMeta = "SELECT value FROM sessionkit_meta WHERE name = ?";

export const upsertMeta = `INSERT INTO sessionkit_meta (name, value) VALUES (?, ?)
ON CONFLICT (name) DO UPDATE SET value = excluded.value`;

export const deleteMeta = "DELETE FROM sessionkit_meta WHERE name = ?";

/** Names with a prefix, after a name, ascending (primary-key range scan). */
export const listMetaByPrefix = `SELECT name, value FROM sessionkit_meta
WHERE name > ? AND name >= ? AND substr(name, 1, length(?)) = ? ORDER BY name LIMIT ?`;
