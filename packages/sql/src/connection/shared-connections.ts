import { invalidArgument } from "@sessionkit/core/adapter-kit";

/** What {@link SharedConnections.acquire} hands out: the connection and this opener's release. */
export interface ConnectionLease<C> {
  readonly connection: C;
  /** Gives this opener's reference back; the last release closes the connection. Idempotent. */
  release(): void;
}

/** What {@link SharedConnections} needs of a connection: a way to close it. */
export interface ClosableConnection {
  /** Closes the connection (called once, by the last release). */
  close(): void;
}

interface Entry<C> {
  connection: C;
  settings: Readonly<Record<string, unknown>>;
  refs: number;
  releaseFile: () => void;
}

/**
 * The one rule every SQL adapter follows for repositories on the same database in one process:
 * they share ONE connection (its queue, its watchers, its change poller), reference counted; the
 * last release closes it. Its settings are fixed by the first opener: a later opener whose
 * connection-level settings differ gets `INVALID_ARGUMENT` naming the setting and both values
 * (never silently the first opener's settings). Private databases (`:memory:`) pass no key and
 * always get their own connection.
 */
export class SharedConnections<C extends ClosableConnection> {
  readonly #entries = new Map<string, Entry<C>>();

  constructor(private readonly adapter: string) {}

  /**
   * @param key identifies the database (e.g. the absolute file path or the server URL), or
   *   null for a private database.
   * @param settings the connection-level settings this opener asks for.
   * @param create opens (lazily) a new connection with `settings`.
   * @param claimFile takes the process-wide claim on the database file, returning its release.
   * @param subject the path or URL named in errors.
   * @throws INVALID_ARGUMENT when the database is open in this process with other settings.
   */
  acquire(
    key: string | null,
    settings: Readonly<Record<string, unknown>>,
    create: () => C,
    subject: string,
    claimFile: () => () => void = () => () => {},
  ): ConnectionLease<C> {
    let entry = key === null ? undefined : this.#entries.get(key);
    if (entry) {
      for (const [name, value] of Object.entries(settings)) {
        if (entry.settings[name] !== value) {
          throw invalidArgument(
            { adapter: this.adapter, operation: "open", subject },
            `options.${name}`,
            `is ${JSON.stringify(value)}, but this database is already open in this process with ${JSON.stringify(entry.settings[name])}; repositories on one database share its connection: open it with the same options, or close the other repositories first`,
          );
        }
      }
    } else {
      const releaseFile = claimFile();
      let connection: C;
      try {
        connection = create();
      } catch (error) {
        releaseFile();
        throw error;
      }
      entry = { connection, settings: { ...settings }, refs: 0, releaseFile };
      if (key !== null) this.#entries.set(key, entry);
    }
    entry.refs++;
    const held = entry;
    let released = false;
    return {
      connection: held.connection,
      release: () => {
        if (released) return;
        released = true;
        held.refs--;
        if (held.refs > 0) return;
        if (key !== null && this.#entries.get(key) === held) this.#entries.delete(key);
        held.connection.close();
        held.releaseFile();
      },
    };
  }

  /** How many shared (keyed) connections are open. */
  get size(): number {
    return this.#entries.size;
  }
}
