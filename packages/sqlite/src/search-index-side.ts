import { rmSync } from "node:fs";
import type { JsonValue } from "@sessionkit/core";
import { fullTextBody } from "@sessionkit/sql";
import Database from "better-sqlite3";

/**
 * A search index built BESIDE an SQLite store while it is being filled with full-text indexing
 * off (a backfill), so that tokenizing (the core tokenizer, in JavaScript) runs on another core
 * than the writes; {@link mergeSideSearchIndex} then moves it into the store in one transaction.
 *
 * - The side database (`<store>.search-build`) holds an `events_fts` table created with the
 *   store's own definition, filled from the store's committed events in id order, and the last
 *   id it indexed, committed with the terms: a killed builder resumes where it stopped.
 * - The store logs every event deleted meanwhile (`events_search_build_deleted`, filled by a
 *   trigger for every writer): the merge drops those from the index. Every event the side index
 *   lacks (new, re-inserted, or skipped) is tokenized by the merge, so the result is exactly the
 *   index of the events stored at that moment, whoever wrote them.
 * - The side database is valid only while the log exists: without it, it is thrown away.
 */

/** The side database of the store at `path`. */
export function sideSearchIndexPath(path: string): string {
  return `${path}.search-build`;
}

const DELETED_LOG = "events_search_build_deleted";
const LOG_SCRIPT = `
CREATE TABLE IF NOT EXISTS ${DELETED_LOG} (id INTEGER PRIMARY KEY);
CREATE TRIGGER IF NOT EXISTS events_search_build_log AFTER DELETE ON events BEGIN
  INSERT OR IGNORE INTO ${DELETED_LOG} (id) VALUES (OLD.id);
END;`;
/** Ends a side build: no more logging. */
export const DROP_SIDE_LOG = `
DROP TRIGGER IF EXISTS events_search_build_log;
DROP TABLE IF EXISTS ${DELETED_LOG};`;
const LOG_EXISTS = `SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '${DELETED_LOG}'`;
const FTS_SQL = "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'events_fts'";
const PROGRESS_TABLE =
  "CREATE TABLE IF NOT EXISTS side_progress (k INTEGER PRIMARY KEY CHECK (k = 1), after INTEGER NOT NULL)";
/** FTS5 buffers this many bytes of terms before writing a segment (bounded memory). */
const SIDE_HASH_BYTES = 8 * 1024 * 1024;
/** How long a connection waits for the store's lock. */
const BUSY_TIMEOUT_MS = 10_000;

/** Whether the store open on `db` is logging deletions for a side build. */
export function sideLogExists(db: Database.Database): boolean {
  return db.prepare(LOG_EXISTS).get() !== undefined;
}

/** The CREATE statement of the store's `events_fts` (undefined before schema version 1). */
export function ftsDefinition(db: Database.Database, schema = "main"): string | undefined {
  const row = db.prepare(FTS_SQL.replace("sqlite_schema", `${schema}.sqlite_schema`)).get() as
    | { sql: string }
    | undefined;
  return row?.sql;
}

/** Removes the side database files of the store at `path`. */
export function removeSideSearchIndex(path: string): void {
  const side = sideSearchIndexPath(path);
  for (const f of [side, `${side}-wal`, `${side}-shm`, `${side}-journal`])
    rmSync(f, { force: true });
}

/** The terms of one stored event's `content` column, as the adapter indexes them. */
export function storedEventTerms(content: string): string {
  return fullTextBody(JSON.parse(content) as JsonValue);
}

/**
 * Follows a store's committed events into its side index (see the module comment). Runs in any
 * thread; `SideSearchIndexBuilder.open` starts or resumes a build.
 */
export class SideSearchIndexBuilder {
  private after: number;
  private readonly page: Database.Statement<[number, number], [number, string]>;
  private readonly insert: Database.Statement<[number, string]>;
  private readonly progress: Database.Statement<[number]>;

  private constructor(
    private readonly store: Database.Database,
    private readonly side: Database.Database,
  ) {
    this.page = store
      .prepare<[number, number], [number, string]>(
        "SELECT id, content FROM events WHERE id > ? ORDER BY id LIMIT ?",
      )
      .raw();
    this.insert = side.prepare("INSERT INTO events_fts (rowid, body) VALUES (?, ?)");
    this.progress = side.prepare("INSERT OR REPLACE INTO side_progress (k, after) VALUES (1, ?)");
    const row = side.prepare("SELECT after FROM side_progress WHERE k = 1").get() as
      | { after: number }
      | undefined;
    this.after = row?.after ?? 0;
  }

  /**
   * Starts (or resumes) the side build of the store at `path`: installs the deletion log in the
   * store if missing (then any older side database is discarded), and opens or creates the side
   * database. A side database that cannot be read or has another index definition is rebuilt.
   */
  static open(path: string): SideSearchIndexBuilder {
    const store = new Database(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      const definition = ftsDefinition(store);
      if (definition === undefined) throw new Error(`${path} has no events_fts table`);
      if (!sideLogExists(store)) {
        removeSideSearchIndex(path);
        store.exec(`BEGIN IMMEDIATE;${LOG_SCRIPT}COMMIT;`);
      }
      let side: Database.Database;
      try {
        side = openSide(path, definition);
      } catch {
        removeSideSearchIndex(path);
        side = openSide(path, definition);
      }
      return new SideSearchIndexBuilder(store, side);
    } catch (error) {
      store.close();
      throw error;
    }
  }

  /** The id of the last event indexed. */
  get indexedThrough(): number {
    return this.after;
  }

  /**
   * Indexes up to `limit` committed events after the last one indexed, in one side transaction
   * with the new progress. Returns how many it indexed (0: caught up). The events are read one
   * by one as they are indexed (one read snapshot of the store), so memory stays flat whatever
   * the limit.
   */
  step(limit: number): number {
    let indexed = 0;
    let last = this.after;
    this.side.transaction(() => {
      for (const [id, content] of this.page.iterate(this.after, limit)) {
        this.insert.run(id, storedEventTerms(content));
        last = id;
        indexed++;
      }
      if (indexed > 0) this.progress.run(last);
    })();
    this.after = last;
    return indexed;
  }

  /** Closes both connections (the side database stays for the merge or a resume). */
  close(): void {
    this.side.close();
    this.store.close();
  }
}

function openSide(path: string, definition: string): Database.Database {
  const side = new Database(sideSearchIndexPath(path));
  try {
    side.pragma("journal_mode = WAL");
    // A crash of this process loses nothing committed (WAL); a power loss may: the merge and
    // the builder then find an unreadable side database and rebuild.
    side.pragma("synchronous = OFF");
    const current = ftsDefinition(side);
    if (current !== undefined && current !== definition) {
      side.exec("DROP TABLE events_fts; DROP TABLE IF EXISTS side_progress;");
    }
    if (current !== definition) {
      side.exec(`${definition};${PROGRESS_TABLE};`);
      side.exec(
        `INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', ${SIDE_HASH_BYTES})`,
      );
    }
    side.prepare("SELECT count(*) FROM side_progress").get();
    return side;
  } catch (error) {
    side.close();
    throw error;
  }
}
