import { AsyncLocalStorage } from "node:async_hooks";
import {
  reenteredTransaction,
  repositoryClosed,
  transactionEnded,
} from "../errors/common-errors.js";
import type { ErrorContext } from "../errors/session-kit-error.js";

/**
 * The one gate in front of a repository that serialises its transactions in process (the
 * memory and JSON-file repositories): every operation waits while a transaction of the same
 * repository is open, fails with CLOSED after close(), and fails at once with INVALID_ARGUMENT
 * when it is called from inside that repository's own transaction callback (waiting there
 * would wait for itself forever).
 */
export class TransactionGate {
  #open: Promise<void> | null = null;
  #closed = false;
  readonly #inside = new AsyncLocalStorage<TransactionGate>();

  /** @param context the error context of an operation (adapter, operation, file). */
  constructor(private readonly context: (operation: string) => ErrorContext) {}

  /** True after {@link close}. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Marks the repository closed: every later call fails with CLOSED. */
  close(): void {
    this.#closed = true;
  }

  /** @throws CLOSED after close(). */
  assertOpen(operation: string): void {
    if (this.#closed) throw repositoryClosed(this.context(operation));
  }

  /**
   * Resolves when `operation` may run: no transaction of this repository is open.
   * @throws CLOSED after close(); INVALID_ARGUMENT from inside an open transaction's callback.
   */
  async enter(operation: string): Promise<void> {
    this.#assertNotInside(operation);
    while (this.#open) await this.#open;
    this.assertOpen(operation);
  }

  #assertNotInside(operation: string): void {
    this.assertOpen(operation);
    if (this.#open !== null && this.#inside.getStore() === this) {
      throw reenteredTransaction(this.context(operation));
    }
  }

  /**
   * Runs `body` (a transaction: the caller's callback and the commit) as the only work of this
   * repository: waits like {@link enter}, holds every other operation until `body` settles, and
   * marks calls made from inside it as re-entrant.
   */
  async exclusive<T>(operation: string, body: () => Promise<T>): Promise<T> {
    this.#assertNotInside(operation);
    // No await between the last check and taking the gate: two waiters woken together must
    // not both get through.
    while (this.#open) await this.#open;
    this.assertOpen(operation);
    let release!: () => void;
    this.#open = new Promise((resolve) => {
      release = resolve;
    });
    try {
      return await this.#inside.run(this, body);
    } finally {
      this.#open = null;
      release();
    }
  }
}

/**
 * The `tx` object handed to a transaction callback: `live`'s methods, each rejecting with
 * CLOSED once `active()` is false (a transaction object used after its callback settled).
 */
export function transactionHandle<T extends object>(
  live: T,
  active: () => boolean,
  context: (operation: string) => ErrorContext,
): T {
  return new Proxy(live, {
    get: (target, prop, receiver) => {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (!active()) return Promise.reject(transactionEnded(context(String(prop))));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
