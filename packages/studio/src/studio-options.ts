import type { SessionRepository } from "@sessionkit/core";

/** A store the studio shows, with the label the page gives it. */
export interface StudioStore {
  /** Shown in the page header and used in API paths; e.g. "target" or the store URL. */
  name: string;
  /** The open repository. The studio never closes it: the caller does, after `close()`. */
  repository: SessionRepository;
}

/** Options of {@link startStudio}. */
export interface StudioOptions {
  /**
   * The store to inspect. In a phased migration, the target (the store holding the migration
   * record); its migration page reads the record, checkpoint and journals from it.
   */
  store: StudioStore;
  /**
   * The legacy store of a phased migration, when it can be opened as a repository (e.g.
   * `json:<dir>`): browsable like the main store, and the migration page's verify compares it
   * with the target. Absent for a plain store.
   */
  legacy?: StudioStore;
  /**
   * Enables expire, delete and state edits (each confirmed in the page). Default false: every
   * write request is refused with `UNSUPPORTED`.
   */
  allowWrites?: boolean;
  /** TCP port on 127.0.0.1; default 0 (a free port chosen by the system). */
  port?: number;
  /** The access token required on every request; default 32 random bytes, base64url. */
  token?: string;
}

/** A running studio, as {@link startStudio} returns it. */
export interface RunningStudio {
  /** The page to open, token included: `http://127.0.0.1:<port>/?token=<token>`. */
  readonly url: string;
  /** The access token every request must carry. */
  readonly token: string;
  /** The port the server listens on (127.0.0.1 only). */
  readonly port: number;
  /**
   * Stops accepting requests, ends live streams and waits for open requests to finish.
   * Idempotent. The repositories stay open: close them afterwards.
   */
  close(): Promise<void>;
}
