import type { AgentInputItem } from "@openai/agents-core";
import type { SessionEvent, SessionKey, SessionRepository } from "@sessionkit/core";
import { Authors, type OperationHeader, type RewriteContent } from "./history-events.js";

/** The visible tail of a history and the revision it was read at. */
export interface HistoryTail {
  /** False when the session does not exist (or is expired): the history is empty. */
  exists: boolean;
  /** The session's revision at the read; the compare-and-swap writes expect it. */
  revision: number;
  /** The visible items, oldest first (at most the requested number). */
  items: AgentInputItem[];
  /** The seq of the `agents:item` event behind each item (same order). */
  seqs: number[];
}

/** The largest page the contract's `listEvents` serves. */
const MAX_PAGE = 1_000;
/** Extra events read with the first page, for the tombstones and headers among the items. */
const SLACK = 8;

/**
 * Reads the latest `limit` visible items (every item when `limit` is undefined) by walking the
 * event log backwards from its end: the first page is the contract's latest-events read
 * (`getSession` with `recentEvents`), further pages are `listEvents` descending. A tombstone
 * (`agents:remove`, an operation header's `remove`) cancels that many of the items before it; an
 * `agents:clear` ends the walk; an `agents:rewrite` replaces or drops the earlier items it names by
 * seq (the newest rewrite of an item wins). The cost is the number of events between the end and the
 * `limit`-th visible item — `limit` plus the tombstones and cancelled items in that stretch —
 * and never grows with the length of the history.
 */
export async function readHistoryTail(
  repository: SessionRepository,
  key: SessionKey,
  limit: number | undefined,
): Promise<HistoryTail> {
  const wanted = limit ?? Number.POSITIVE_INFINITY;
  const firstPage = limit === undefined ? MAX_PAGE : Math.min(MAX_PAGE, limit + SLACK);
  const session = await repository.getSession(key, { recentEvents: firstPage });
  if (session === null) return { exists: false, revision: 0, items: [], seqs: [] };
  const walk = new BackwardWalk(wanted);
  const first = session.events ?? [];
  // The oldest seq read so far; the next page is the events before it.
  let oldestSeq = first[0]?.seq ?? 1;
  walk.visit(first, true);
  while (!walk.done && oldestSeq > 1) {
    const page = await repository.listEvents(key, {
      beforeSeq: oldestSeq,
      order: "desc",
      limit: MAX_PAGE,
    });
    walk.visit(page.events, false);
    oldestSeq = page.events.at(-1)?.seq ?? 1;
  }
  return { exists: true, revision: session.revision, items: walk.items(), seqs: walk.seqs() };
}

/**
 * The backward walk's bookkeeping: items found so far (newest first), pending removals, and the
 * rewrites (by item seq) met on the way.
 */
class BackwardWalk {
  private readonly found: { seq: number; item: AgentInputItem }[] = [];
  private readonly replaced = new Map<number, AgentInputItem>();
  private readonly dropped = new Set<number>();
  private pendingRemovals = 0;
  private cleared = false;

  constructor(private readonly wanted: number) {}

  get done(): boolean {
    return this.cleared || this.found.length >= this.wanted;
  }

  /** Visits one page; `ascending` pages (getSession's) are walked from their end. */
  visit(page: readonly SessionEvent[], ascending: boolean): void {
    const count = page.length;
    for (let offset = 0; offset < count && !this.done; offset += 1) {
      this.step(page[ascending ? count - 1 - offset : offset] as SessionEvent);
    }
  }

  items(): AgentInputItem[] {
    return this.found.map((entry) => entry.item).reverse();
  }

  seqs(): number[] {
    return this.found.map((entry) => entry.seq).reverse();
  }

  private step(event: SessionEvent): void {
    switch (event.author) {
      case Authors.item:
        // A dropped item was gone before any later tombstone was written: it cancels nothing.
        if (this.dropped.has(event.seq)) return;
        if (this.pendingRemovals > 0) this.pendingRemovals -= 1;
        else {
          const item = this.replaced.get(event.seq) ?? (event.content as unknown as AgentInputItem);
          this.found.push({ seq: event.seq, item });
        }
        return;
      case Authors.remove:
        this.pendingRemovals += (event.content as { remove: number }).remove;
        return;
      case Authors.operation:
        this.pendingRemovals += (event.content as unknown as OperationHeader).remove;
        return;
      case Authors.rewrite:
        this.noteRewrite(event.content as unknown as RewriteContent);
        return;
      case Authors.clear:
        this.cleared = true;
        return;
      default:
        return;
    }
  }

  /** Older rewrites are met later: what a newer one decided for a seq stays. */
  private noteRewrite(rewrite: RewriteContent): void {
    for (const seq of rewrite.drop) {
      if (!this.replaced.has(seq)) this.dropped.add(seq);
    }
    for (const { seq, item } of rewrite.replace) {
      if (!this.replaced.has(seq) && !this.dropped.has(seq)) {
        this.replaced.set(seq, item as unknown as AgentInputItem);
      }
    }
  }
}
