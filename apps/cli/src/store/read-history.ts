import type { SessionEvent, SessionKey, SessionRepository } from "@sessionkit/core";

const PAGE = 1_000;

export interface HistoryRange {
  /** Only events with seq > afterSeq. */
  afterSeq?: number;
  /** Only the last `last` events (after the afterSeq filter). */
  last?: number;
}

/** A session's stored events in ascending seq order, read page by page. Expired sessions too. */
export async function readHistory(
  repo: SessionRepository,
  key: SessionKey,
  range: HistoryRange,
): Promise<SessionEvent[]> {
  const { last, afterSeq } = range;
  return last === undefined
    ? readForward(repo, key, afterSeq)
    : readLast(repo, key, last, afterSeq);
}

async function readForward(
  repo: SessionRepository,
  key: SessionKey,
  afterSeq: number | undefined,
): Promise<SessionEvent[]> {
  const events: SessionEvent[] = [];
  let from = afterSeq;
  for (;;) {
    const page = await repo.listEvents(key, {
      limit: PAGE,
      includeExpired: true,
      ...(from !== undefined ? { afterSeq: from } : {}),
    });
    events.push(...page.events);
    if (page.nextSeq === null || page.events.length === 0) return events;
    from = page.nextSeq;
  }
}

async function readLast(
  repo: SessionRepository,
  key: SessionKey,
  last: number,
  afterSeq: number | undefined,
): Promise<SessionEvent[]> {
  const newestFirst: SessionEvent[] = [];
  let before: number | undefined;
  while (newestFirst.length < last) {
    const page = await repo.listEvents(key, {
      order: "desc",
      limit: Math.min(PAGE, last - newestFirst.length),
      includeExpired: true,
      ...(afterSeq !== undefined ? { afterSeq: afterSeq } : {}),
      ...(before !== undefined ? { beforeSeq: before } : {}),
    });
    newestFirst.push(...page.events);
    if (page.nextSeq === null || page.events.length === 0) break;
    before = page.nextSeq;
  }
  return newestFirst.reverse();
}
