import { existsSync } from "node:fs";
import { FULL_TEXT_INSERT_TRIGGER, fullTextTriggersScript } from "@sessionkit/sql/statements";
import Database from "better-sqlite3";
import {
  DROP_SIDE_LOG,
  ftsDefinition,
  removeSideSearchIndex,
  sideLogExists,
  sideSearchIndexPath,
  storedEventTerms,
} from "./search-index-side.js";

/** What {@link mergeSideSearchIndex} did. */
export interface SideSearchIndexMerge {
  /**
   * - `merged`: full-text indexing is now on, the index built from the side index plus the
   *   events it lacked.
   * - `already-on`: full-text indexing was switched on meanwhile (an application opened the
   *   store with it), which indexes every event itself: the side index was discarded.
   * - `none`: no side build was under way (nothing changed).
   */
  outcome: "merged" | "already-on" | "none";
  /** Events whose terms came from the side index. */
  fromSide: number;
  /** Events tokenized by the merge itself (written or re-written after the side build saw them). */
  tokenized: number;
  /** Side-indexed events deleted from the store since, dropped from the index. */
  dropped: number;
}

/** The FTS5 shadow tables of a contentless index: what the merge copies. */
const SHADOW_TABLES = ["events_fts_data", "events_fts_idx", "events_fts_docsize"] as const;
const CATCH_UP_PAGE = 1000;
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Switches full-text indexing on in the store at `path` (closed by every other writer of this
 * process) using its side index (see `SideSearchIndexBuilder`), in ONE write transaction: the
 * index triggers are created, the side index's FTS5 tables are copied in, the events deleted
 * since they were indexed are dropped from it and every event it lacks is tokenized. A merge
 * killed at any point leaves the store as it was (the side database too): run it again. After
 * the commit the side database is deleted. An unreadable side database or one built for another
 * index definition is ignored: every event is then tokenized here (a full rebuild).
 */
export function mergeSideSearchIndex(path: string): SideSearchIndexMerge {
  const db = new Database(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  const result: SideSearchIndexMerge = { outcome: "none", fromSide: 0, tokenized: 0, dropped: 0 };
  try {
    if (!sideLogExists(db)) {
      removeSideSearchIndex(path);
      return result;
    }
    // Writing FTS5 shadow tables directly needs SQLite's defensive mode off.
    db.unsafeMode(true);
    const attached = attachSide(db, path);
    db.exec("BEGIN IMMEDIATE");
    try {
      const on = db
        .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'trigger' AND name = ?")
        .get(FULL_TEXT_INSERT_TRIGGER);
      if (on) {
        result.outcome = "already-on";
      } else {
        result.outcome = "merged";
        db.exec(fullTextTriggersScript);
        db.exec("DELETE FROM events_search_pending");
        if (attached) {
          for (const t of SHADOW_TABLES) {
            db.exec(`DELETE FROM main.${t}; INSERT INTO main.${t} SELECT * FROM side.${t};`);
          }
          result.fromSide = countIndexed(db);
          result.dropped = dropDeleted(db);
        } else {
          db.exec("INSERT INTO events_fts (events_fts) VALUES ('delete-all')");
        }
        result.tokenized = indexMissing(db);
        result.fromSide -= result.dropped;
      }
      db.exec(DROP_SIDE_LOG);
      db.exec("COMMIT");
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw error;
    }
    if (attached) db.exec("DETACH side");
  } finally {
    db.close();
  }
  removeSideSearchIndex(path);
  return result;
}

/** Attaches the side database as `side` when it exists, is readable and matches the store's index. */
function attachSide(db: Database.Database, path: string): boolean {
  const side = sideSearchIndexPath(path);
  if (!existsSync(side)) return false;
  try {
    db.prepare("ATTACH ? AS side").run(side);
  } catch {
    return false;
  }
  try {
    const matches = ftsDefinition(db, "side") === ftsDefinition(db);
    if (matches) db.prepare("SELECT count(*) FROM side.events_fts_docsize").get();
    if (matches) return true;
  } catch {
    // unreadable: rebuild from the store
  }
  db.exec("DETACH side");
  return false;
}

function countIndexed(db: Database.Database): number {
  return (db.prepare("SELECT count(*) AS n FROM events_fts_docsize").get() as { n: number }).n;
}

/** Drops from the index the side-indexed events that were deleted from the store since. */
function dropDeleted(db: Database.Database): number {
  return db
    .prepare(`DELETE FROM events_fts WHERE rowid IN (
  SELECT l.id FROM events_search_build_deleted AS l JOIN events_fts_docsize AS d ON d.id = l.id)`)
    .run().changes;
}

/** Tokenizes every stored event the index lacks, in id order. Returns how many. */
function indexMissing(db: Database.Database): number {
  const page = db
    .prepare<[number, number], [number, string]>(
      `SELECT id, content FROM events AS e WHERE id > ?
  AND NOT EXISTS (SELECT 1 FROM events_fts_docsize AS d WHERE d.id = e.id) ORDER BY id LIMIT ?`,
    )
    .raw();
  const insert = db.prepare("INSERT INTO events_fts (rowid, body) VALUES (?, ?)");
  let after = 0;
  let done = 0;
  for (;;) {
    const rows = page.all(after, CATCH_UP_PAGE);
    const last = rows[rows.length - 1];
    if (last === undefined) return done;
    for (const [id, content] of rows) insert.run(id, storedEventTerms(content));
    done += rows.length;
    after = last[0];
  }
}
