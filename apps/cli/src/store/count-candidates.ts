import type { Session, SessionRepository, SessionStatus } from "@sessionkit/core";
import { listApps, type OwnerCount } from "./store-owners.js";

const PAGE = 1_000;

/** Which sessions a destructive command would touch. */
export interface CandidateFilter {
  /** Only this app; every app when undefined. */
  appName?: string;
  status: SessionStatus;
  /** Only sessions last updated strictly before this instant (listSessions' updatedBefore). */
  updatedBefore?: number;
  /** Only sessions expired strictly before this instant. */
  expiredBefore?: number;
}

/**
 * Counts the sessions matching `filter`, per app and user (sorted by app, then user), without
 * changing anything: what `cleanup` would expire or `purge` would delete.
 */
export async function countCandidates(
  repo: SessionRepository,
  filter: CandidateFilter,
): Promise<OwnerCount[]> {
  const apps =
    filter.appName !== undefined
      ? [filter.appName]
      : (await listApps(repo)).map((app) => app.appName);
  const counts: OwnerCount[] = [];
  for (const appName of apps) {
    const perUser = new Map<string, number>();
    let cursor: string | undefined;
    do {
      const page = await repo.listSessions({
        appName,
        status: filter.status,
        limit: PAGE,
        ...(filter.updatedBefore !== undefined ? { updatedBefore: filter.updatedBefore } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      });
      for (const session of page.sessions) {
        if (!matchesExpiry(session, filter.expiredBefore)) continue;
        perUser.set(session.userId, (perUser.get(session.userId) ?? 0) + 1);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    for (const [userId, sessions] of [...perUser].sort(([a], [b]) => (a < b ? -1 : 1))) {
      counts.push({ appName, userId, sessions });
    }
  }
  return counts;
}

function matchesExpiry(session: Session, expiredBefore: number | undefined): boolean {
  return expiredBefore === undefined || (session.expiredAt ?? 0) < expiredBefore;
}

/** The total of `counts`. */
export function totalSessions(counts: OwnerCount[]): number {
  return counts.reduce((sum, count) => sum + count.sessions, 0);
}
