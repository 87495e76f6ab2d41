import type { SessionOperations } from "@sessionkit/core";
import { describeSessionKey } from "./keys.js";
import { SHADOW_PREFIX } from "./meta-names.js";
import type { ShadowMismatch } from "./shadow-reads.js";

/** A recorded shadow-read mismatch with its meta name. */
export interface StoredShadowMismatch extends ShadowMismatch {
  name: string;
}

/** The recorded shadow-read mismatches: how many there are and the newest of them. */
export interface ShadowMismatchList {
  /** Mismatches recorded in the target (every process, at most 1,000 records each). */
  total: number;
  /** The newest `limit` mismatches, newest first. */
  newest: StoredShadowMismatch[];
}

const PAGE = 500;

/**
 * Reads the shadow-read mismatches phased repositories recorded in the target's meta table
 * (one entry per mismatch: operation, arguments, time, first differing path, excerpts of both
 * sides). Pages through all of them, keeping only the newest `limit` in memory.
 *
 * @param limit how many of the newest to return (0 counts only).
 */
export async function readShadowMismatches(
  target: SessionOperations,
  limit: number,
): Promise<ShadowMismatchList> {
  const newest: StoredShadowMismatch[] = [];
  let total = 0;
  let after: string | undefined;
  for (;;) {
    const page = await target.listMeta(SHADOW_PREFIX, { limit: PAGE, after });
    for (const entry of page) {
      total++;
      if (limit <= 0) continue;
      newest.push({ ...(entry.value as unknown as ShadowMismatch), name: entry.name });
      if (newest.length > limit) newest.shift();
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]?.name;
  }
  return { total, newest: newest.reverse() };
}

/**
 * What a mismatched read was about, for reports: the session key (`"app"/"user"/"session"`),
 * the state scope, the meta name or the listing's options, from the recorded arguments.
 */
export function shadowMismatchSubject(mismatch: Pick<ShadowMismatch, "args">): string {
  const args = (mismatch.args ?? {}) as Record<string, unknown>;
  const key = args.key as { appName?: unknown; userId?: unknown; sessionId?: unknown } | undefined;
  if (key && typeof key.appName === "string" && typeof key.sessionId === "string")
    return describeSessionKey({
      appName: key.appName,
      userId: String(key.userId),
      sessionId: key.sessionId,
    });
  const scope = args.scope as { appName?: unknown; userId?: unknown } | undefined;
  if (scope && typeof scope.appName === "string")
    return scope.userId === undefined
      ? `app ${JSON.stringify(scope.appName)}`
      : `user ${JSON.stringify(scope.appName)}/${JSON.stringify(scope.userId)}`;
  if (typeof args.name === "string") return `meta ${JSON.stringify(args.name)}`;
  return args.options === undefined ? "(all)" : JSON.stringify(args.options);
}
