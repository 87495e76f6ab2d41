import type { RepositoryCapabilities } from "../contract/capabilities.js";
import type {
  MaintainOptions,
  PurgeOptions,
  StatsOptions,
  WatchOptions,
} from "../contract/options.js";
import type {
  BackupResult,
  HealthReport,
  IntegrityProblem,
  IntegrityReport,
  MaintenanceResult,
  PurgeResult,
  RepositoryStats,
} from "../contract/results.js";
import type { SessionEvent } from "../contract/session-event.js";
import type { SessionKey } from "../contract/session-key.js";
import type { SessionOperations } from "../contract/session-operations.js";
import type { SessionRepository } from "../contract/session-repository.js";
import type { SessionTransaction } from "../contract/session-transaction.js";
import { sessionNotFound } from "../errors/common-errors.js";
import { describeKey } from "../errors/describe-key.js";
import { SessionKitError } from "../errors/session-kit-error.js";
import { forwardThroughGate } from "../kit/forward-through-gate.js";
import { createFrontDoor } from "../kit/session-front-door.js";
import { TransactionGate, transactionHandle } from "../util/transaction-gate.js";
import { invalidArgument } from "../validation/invalid.js";
import { assertSessionKey } from "../validation/keys.js";
import { type Limits, resolveLimits } from "../validation/limits.js";
import {
  normalizePurgeOptions,
  normalizeStatsOptions,
  normalizeWatchOptions,
} from "../validation/normalize-options.js";
import { assertOptionsObject } from "../validation/option-checks.js";
import { EventStream } from "./event-stream.js";
import {
  cloneMemoryState,
  emptyMemoryState,
  type MemoryState,
  readEvent,
  sessionKeyOf,
} from "./memory-state.js";
import { MEMORY_ADAPTER, MemoryStorage } from "./memory-storage.js";
import { MemoryWatchers } from "./memory-watchers.js";

/** Options of `new MemoryRepository(options)`. */
export interface MemoryRepositoryOptions {
  /** Size limits; defaults: 1 MiB per event and per state value. */
  limits?: Partial<Limits>;
  /** Clock in ms since the epoch; default Date.now. */
  now?: () => number;
}

const CAPABILITIES: RepositoryCapabilities = Object.freeze({
  transactions: "multi-session",
  crossProcess: false,
  search: "scan",
  watch: "in-process",
  watchPartials: "in-process",
  remote: false,
  persistent: false,
  backup: false,
});

/**
 * The reference implementation of the whole contract, in process memory. Data lives as long as
 * the object; nothing is shared between instances. Every operation is atomic; a transaction
 * restores a snapshot of the whole store when its callback throws. Calls made while a
 * transaction is open wait until it ends.
 */
// The contract's operations are defined once, by forwardThroughGate (see the static block).
export interface MemoryRepository extends SessionOperations {}

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class MemoryRepository implements SessionRepository {
  readonly capabilities: RepositoryCapabilities = CAPABILITIES;
  private state: MemoryState = emptyMemoryState();
  private readonly limits: Limits;
  private readonly now: () => number;
  private readonly watchers = new MemoryWatchers();
  private readonly gate = new TransactionGate((operation) => ({
    adapter: MEMORY_ADAPTER,
    operation,
  }));
  /** Events waiting for the open transaction to commit. */
  private pending: Array<[string, SessionEvent | null]> | null = null;

  constructor(options: MemoryRepositoryOptions = {}) {
    this.limits = resolveLimits(options.limits);
    this.now = options.now ?? Date.now;
  }

  private readonly sink = (key: string, event: SessionEvent | null): void => {
    if (this.pending) this.pending.push([key, event]);
    else this.watchers.publish(key, event);
  };

  private live: { state: MemoryState; ops: SessionOperations } | null = null;

  /** The contract over the current state: the core front door validates, memory stores. */
  private ops(): SessionOperations {
    // One front door per state object (a rolled-back transaction swaps the state in).
    if (this.live?.state !== this.state) {
      const ops = createFrontDoor(new MemoryStorage(this.state, this.now, this.sink), {
        adapter: MEMORY_ADAPTER,
        limits: this.limits,
      });
      this.live = { state: this.state, ops };
    }
    return this.live.ops;
  }

  private assertOpen(operation: string): void {
    this.gate.assertOpen(operation);
  }

  /** Waits for any open transaction, then runs `fn` with the live operations. */
  private async run<T>(operation: string, fn: (ops: SessionOperations) => Promise<T>): Promise<T> {
    await this.gate.enter(operation);
    return fn(this.ops());
  }

  static {
    // The contract's operations: each waits at the gate, then runs on the live state.
    forwardThroughGate(
      MemoryRepository.prototype,
      (repository) => repository.gate,
      (repository) => repository.ops(),
    );
  }

  async transaction<T>(fn: (tx: SessionTransaction) => Promise<T>): Promise<T> {
    this.assertOpen("transaction");
    if (typeof fn !== "function") {
      throw invalidArgument(
        { adapter: MEMORY_ADAPTER, operation: "transaction" },
        "fn",
        "must be a function",
      );
    }
    return this.gate.exclusive("transaction", async () => {
      const backup = cloneMemoryState(this.state);
      this.pending = [];
      let active = true;
      const live = this.ops();
      const tx = transactionHandle(
        live,
        () => active,
        (operation) => ({
          adapter: MEMORY_ADAPTER,
          operation,
        }),
      ) as SessionTransaction;
      try {
        const result = await fn(tx);
        const pending = this.pending;
        this.pending = null;
        for (const [key, event] of pending) this.watchers.publish(key, event);
        return result;
      } catch (error) {
        this.state = backup;
        this.pending = null;
        throw error;
      } finally {
        active = false;
      }
    });
  }

  watch(key: SessionKey, options?: WatchOptions): AsyncIterable<SessionEvent> {
    const self = this;
    return {
      [Symbol.asyncIterator]() {
        const ctx = { adapter: MEMORY_ADAPTER, operation: "watch", subject: describeKey(key) };
        const stream = new EventStream(options?.signal);
        try {
          self.assertOpen("watch");
          assertSessionKey(key, ctx);
          const o = normalizeWatchOptions(options, ctx);
          const mapKey = sessionKeyOf(key.appName, key.userId, key.sessionId);
          const rec = self.state.sessions.get(mapKey);
          if (!rec) throw sessionNotFound(ctx);
          let delivered = o.afterSeq ?? rec.events.length;
          for (const json of rec.events.slice(delivered)) stream.push(readEvent(json));
          delivered = Math.max(delivered, rec.events.length);
          const unsubscribe = self.watchers.subscribe(mapKey, (event) => {
            if (event === null) return stream.end();
            if (event.partial) return stream.push(structuredClone(event));
            if (event.seq <= delivered) return;
            delivered = event.seq;
            stream.push(structuredClone(event));
          });
          stream.onClose(unsubscribe);
        } catch (error) {
          stream.end(error);
        }
        return stream;
      },
    };
  }

  async purgeExpired(options?: PurgeOptions): Promise<PurgeResult> {
    this.assertOpen("purgeExpired");
    const o = normalizePurgeOptions(options, {
      adapter: MEMORY_ADAPTER,
      operation: "purgeExpired",
    });
    let deleted = 0;
    for (;;) {
      if (o.signal?.aborted) return { deleted, done: false };
      const batch = await this.run("purgeExpired", async () => {
        const doomed: string[] = [];
        for (const [key, rec] of this.state.sessions) {
          if (rec.status !== "expired") continue;
          if (o.expiredBefore !== undefined && !((rec.expiredAt ?? 0) < o.expiredBefore)) continue;
          doomed.push(key);
          if (doomed.length >= o.batchSize) break;
        }
        for (const key of doomed) {
          this.state.sessions.delete(key);
          this.watchers.publish(key, null);
        }
        return doomed.length;
      });
      deleted += batch;
      if (batch > 0) o.onProgress?.(deleted);
      if (batch < o.batchSize) return { deleted, done: true };
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async stats(options?: StatsOptions): Promise<RepositoryStats> {
    return this.run("stats", async () => {
      // Nothing stored in memory can be damaged: the handler is validated, never called.
      normalizeStatsOptions(options, { adapter: MEMORY_ADAPTER, operation: "stats" });
      let active = 0;
      let events = 0;
      let stateKeys = 0;
      for (const rec of this.state.sessions.values()) {
        if (rec.status === "active") active++;
        events += rec.events.length;
        stateKeys += Object.keys(rec.state).length;
      }
      for (const s of this.state.appState.values()) stateKeys += Object.keys(s).length;
      for (const s of this.state.userState.values()) stateKeys += Object.keys(s).length;
      return {
        sessions: this.state.sessions.size,
        activeSessions: active,
        events,
        stateKeys,
        bytesOnDisk: 0,
        schemaVersion: 0,
        details: {},
      };
    });
  }

  async maintain(options?: MaintainOptions): Promise<MaintenanceResult> {
    this.assertOpen("maintain");
    assertOptionsObject(options, "options", ["checkpoint", "vacuum", "analyze"], {
      adapter: MEMORY_ADAPTER,
      operation: "maintain",
    });
    return { performed: [], bytesBefore: 0, bytesAfter: 0 };
  }

  async checkIntegrity(): Promise<IntegrityReport> {
    return this.run("checkIntegrity", async () => {
      const problems: IntegrityProblem[] = [];
      for (const rec of this.state.sessions.values()) {
        rec.events.forEach((json, i) => {
          const event = readEvent(json);
          if (event.seq !== i + 1) {
            problems.push({
              kind: "seq-gap",
              message: `event ${i} has seq ${event.seq}`,
              subject: describeKey({ appName: rec.appName, userId: rec.userId, sessionId: rec.id }),
            });
          }
        });
      }
      return { ok: problems.length === 0, problems };
    });
  }

  async backup(_destination: string): Promise<BackupResult> {
    this.assertOpen("backup");
    throw new SessionKitError({
      adapter: MEMORY_ADAPTER,
      operation: "backup",
      code: "UNSUPPORTED",
      problem: "an in-memory repository has nothing on disk to back up",
      remedy: "use a persistent adapter (sqlite:, libsql:, json:) when you need backups",
    });
  }

  async health(): Promise<HealthReport> {
    this.assertOpen("health");
    return { ok: true, latencyMs: 0 };
  }

  async close(): Promise<void> {
    if (this.gate.closed) return;
    this.gate.close();
    this.watchers.endAll();
  }
}
