import type {
  AgentInputItem,
  SessionHistoryRewriteArgs,
  SessionHistoryRewriteAwareSession,
  SessionHistoryTransactionArgs,
  SessionHistoryTransactionAwareSession,
} from "@openai/agents-core";
import {
  describeKey,
  generateId,
  isSessionKitError,
  type NewEvent,
  type SessionEvent,
  type SessionKey,
  type SessionRepository,
} from "@sessionkit/core";
import { operationIdReused, suffixMismatch, tooMuchContention } from "./errors.js";
import { clearEvent, itemEvent, removeEvent, rewriteEvent } from "./history-events.js";
import { planRewrite, prepareMutations } from "./history-mutations.js";
import { prepareTransaction, tailMatches } from "./history-transaction.js";
import { toStoredItem } from "./stored-item.js";
import { readHistoryTail } from "./tail-reader.js";

/** Where a {@link SessionKitSession} keeps its history. */
export interface SessionKitSessionOptions {
  /** Any sessionkit store: memory, SQLite, libSQL, … */
  repository: SessionRepository;
  /** The sessionkit session id; generated (a UUID) when omitted. */
  sessionId?: string;
  /** The sessionkit app name; default `"openai-agents"`. */
  appName?: string;
  /** The sessionkit user id; default `"default"`. Give each end user their own. */
  userId?: string;
}

/** How often a compare-and-swap write (popItem, replace_suffix) re-reads after losing a race. */
const MAX_CAS_ATTEMPTS = 100;

/**
 * An OpenAI Agents SDK `Session` whose history lives in a sessionkit event log, so it survives
 * restarts and is shared by every process that opens the same store. Pass it to the runner:
 * `run(agent, input, { session })`.
 *
 * Besides `Session` it implements `SessionHistoryTransactionAwareSession`
 * (`applyHistoryTransaction`: atomic and idempotent per operation id),
 * `SessionHistoryRewriteAwareSession` (`applyHistoryMutations`) and
 * `replaceHistoryWithCompaction` (one atomic write). Every change is appended — items, and
 * tombstone events for `popItem`, `clearSession` and replaced suffixes — so nothing is lost from
 * the audit trail; see the package README for the event mapping. Items are stored as their JSON
 * and read back with the same JSON text.
 *
 * Errors are `SessionKitError`s (`adapter: "openai-agents"` for this package's own checks, the
 * store's name for the store's).
 */
export class SessionKitSession
  implements SessionHistoryTransactionAwareSession, SessionHistoryRewriteAwareSession
{
  /** The sessionkit key of this conversation. */
  readonly key: SessionKey;
  private readonly repository: SessionRepository;
  private ensured = false;

  constructor(options: SessionKitSessionOptions) {
    this.repository = options.repository;
    this.key = {
      appName: options.appName ?? "openai-agents",
      userId: options.userId ?? "default",
      sessionId: options.sessionId ?? generateId(),
    };
  }

  /** Creates the sessionkit session if it is missing (idempotent) and returns its id. */
  async getSessionId(): Promise<string> {
    await this.ensureSession();
    return this.key.sessionId;
  }

  /**
   * The latest `limit` items (every item when omitted), oldest first; `[]` for `limit <= 0` and
   * for a session that does not exist. One latest-events read plus a page per 1,000 events of
   * tombstones: the cost does not grow with the length of the history.
   */
  async getItems(limit?: number): Promise<AgentInputItem[]> {
    if (limit !== undefined && limit <= 0) return [];
    return (await readHistoryTail(this.repository, this.key, limit)).items;
  }

  /**
   * Appends the items in one atomic `appendEvents` (all or none). An item JSON cannot hold
   * (e.g. a `Uint8Array`) is `INVALID_ARGUMENT` and nothing is written. Not idempotent: a retry
   * appends again (as in every SDK session); use `applyHistoryTransaction` for idempotency.
   */
  async addItems(items: AgentInputItem[]): Promise<void> {
    if (items.length === 0) return;
    const events = items.map((item, index) =>
      itemEvent(toStoredItem(item, `items[${index}]`, "addItems")),
    );
    await this.append(events);
  }

  /**
   * Removes the latest item by appending a tombstone (compare-and-swap on the session revision,
   * re-read when another writer got in first) and returns it; `undefined` when the history is
   * empty (a missing session is not created). The removed item stays in the event log.
   */
  async popItem(): Promise<AgentInputItem | undefined> {
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt += 1) {
      const tail = await readHistoryTail(this.repository, this.key, 1);
      const last = tail.items[0];
      if (last === undefined) return undefined;
      if (await this.tryAppend([removeEvent(1)], tail.revision)) return last;
    }
    throw tooMuchContention("popItem", describeKey(this.key), MAX_CAS_ATTEMPTS);
  }

  /**
   * Empties the history by appending an `agents:clear` tombstone; earlier events stay in the
   * log (use the repository's `deleteSession` to erase them). A missing session is left alone.
   * Operation ids applied before the clear stay applied.
   */
  async clearSession(): Promise<void> {
    try {
      await this.repository.appendEvents(this.key, [clearEvent()]);
    } catch (error) {
      if (!isSessionKitError(error, "NOT_FOUND")) throw error;
    }
  }

  /**
   * Replaces the whole history with `items` (a compaction item and its retained suffix) in one
   * atomic append: a clear tombstone followed by the items.
   */
  async replaceHistoryWithCompaction(items: AgentInputItem[]): Promise<void> {
    const events = items.map((item, index) =>
      itemEvent(toStoredItem(item, `items[${index}]`, "replaceHistoryWithCompaction")),
    );
    await this.append([clearEvent(), ...events]);
  }

  /**
   * Applies `append_items` or `replace_suffix` atomically and idempotently: the operation header
   * and the items are one `appendEvents` whose event ids derive from `operationId`, so the
   * operation id is persisted with the change. The same id with the same transaction succeeds
   * without writing; the same id with a different transaction is `CONFLICT`; a `replace_suffix`
   * whose `expectedSuffix` is not the current tail is `STALE`. Neither writes anything.
   * `replace_suffix` is a compare-and-swap on the session revision (re-read on a lost race).
   */
  async applyHistoryTransaction(args: SessionHistoryTransactionArgs): Promise<void> {
    const prepared = prepareTransaction(args);
    const subject = describeKey(this.key);
    try {
      if (args.transaction.type === "append_items") {
        await this.append(prepared.events);
        return;
      }
      await this.ensureSession();
      for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt += 1) {
        const tail = await readHistoryTail(
          this.repository,
          this.key,
          prepared.expectedSuffix.length,
        );
        if (!tailMatches(tail.items, prepared.expectedSuffix)) {
          // Applied before (a retry)? Then every event is already stored and the store returns
          // them without writing; revision 0 never matches, so anything new is STALE instead.
          if (await this.tryAppend(prepared.events, 0)) return;
          throw suffixMismatch(subject, prepared.operationId, prepared.expectedSuffix.length);
        }
        if (await this.tryAppend(prepared.events, tail.revision)) return;
      }
      throw tooMuchContention("applyHistoryTransaction", subject, MAX_CAS_ATTEMPTS);
    } catch (error) {
      if (isSessionKitError(error, "CONFLICT") && error.adapter !== "openai-agents") {
        throw operationIdReused(subject, prepared.operationId, error);
      }
      throw error;
    }
  }

  /**
   * Applies `replace_function_call` mutations as the SDK's MemorySession does (the first
   * function call with the id becomes the replacement, later ones with that id leave the
   * history; no match changes nothing), as one `agents:rewrite` event naming the affected items
   * by seq — the original items stay in the log. Reads the whole visible history, then appends
   * with `expectedRevision` (re-read on a lost race). A missing session is left alone.
   * @throws INVALID_ARGUMENT for a malformed mutation, before anything is written.
   */
  async applyHistoryMutations(args: SessionHistoryRewriteArgs): Promise<void> {
    const mutations = prepareMutations(args);
    if (mutations.length === 0) return;
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt += 1) {
      const tail = await readHistoryTail(this.repository, this.key, undefined);
      const rewrite = planRewrite(tail, mutations);
      if (rewrite === null) return;
      if (await this.tryAppend([rewriteEvent(rewrite)], tail.revision)) return;
    }
    throw tooMuchContention("applyHistoryMutations", describeKey(this.key), MAX_CAS_ATTEMPTS);
  }

  /** Appends with `expectedRevision`; false when another writer changed the session first. */
  private async tryAppend(events: NewEvent[], expectedRevision: number): Promise<boolean> {
    try {
      await this.repository.appendEvents(this.key, events, { expectedRevision });
      return true;
    } catch (error) {
      if (isSessionKitError(error, "STALE")) return false;
      throw error;
    }
  }

  /** Appends, creating the session first when it does not exist yet. */
  private async append(events: NewEvent[]): Promise<SessionEvent[]> {
    if (this.ensured) return this.repository.appendEvents(this.key, events);
    try {
      const stored = await this.repository.appendEvents(this.key, events);
      this.ensured = true;
      return stored;
    } catch (error) {
      if (!isSessionKitError(error, "NOT_FOUND")) throw error;
    }
    await this.ensureSession();
    return this.repository.appendEvents(this.key, events);
  }

  private async ensureSession(): Promise<void> {
    if (this.ensured) return;
    await this.repository.getOrCreateSession(this.key, { recentEvents: 0 });
    this.ensured = true;
  }
}
