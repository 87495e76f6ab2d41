import {
  isSessionKitError,
  type SessionKey,
  type SessionRepository,
  type SessionSnapshot,
  type StateScope,
} from "@sessionkit/core";
import { compareKeys } from "@sessionkit/core/adapter-kit";
import type { BackfillProblem } from "./backfill-types.js";
import { countDrift } from "./drift-journal.js";
import { keyOf, parseScopeString, scopeString } from "./keys.js";
import { canonicalSnapshot, firstDifference, jsonHash, snapshotHash } from "./session-hash.js";
import {
  orderedSessions,
  type SessionSource,
  scanScopes,
  scanSnapshots,
} from "./session-source.js";
import { sleep } from "./throttle.js";
import { UnreadableSessions } from "./unreadable-sessions.js";

/** How much one side holds (of everything, or of one user). */
export interface Counts {
  /** Sessions, expired ones included. */
  sessions: number;
  /** Stored events of those sessions (partial events are never stored). */
  events: number;
}

/** Sessions and events of one user on both sides. */
export interface UserCounts {
  appName: string;
  userId: string;
  legacy: Counts;
  target: Counts;
  /** Sessions of this user whose hash differs or that exist on one side only. */
  mismatches: number;
}

/**
 * Why a session is reported: it exists only in legacy ("missing-in-target"), only in the
 * target ("missing-in-legacy"), or on both sides with different content hashes ("content").
 */
export type MismatchKind = "missing-in-target" | "missing-in-legacy" | "content";

/** What each side holds for a mismatched session. */
export interface SideSummary {
  revision: number;
  lastSeq: number;
  updatedAt: number;
  status: string;
  hash: string;
}

/** One session that still differed after the re-checks. */
export interface SessionMismatch {
  /** The session's key. */
  key: SessionKey;
  /** Which way it differs. */
  kind: MismatchKind;
  /** What legacy holds; null when the session is missing there. */
  legacy: SideSummary | null;
  /** What the target holds; null when the session is missing there. */
  target: SideSummary | null;
  /** First differing path of the canonical session JSON, for "content". */
  path?: string;
}

/** One app or user state scope whose state differs between the sides (not re-checked). */
export interface ScopeMismatch {
  /** The scope: app when `userId` is undefined, else user. */
  scope: StateScope;
  /** Hash of legacy's state of the scope (see `jsonHash`); null when legacy has none. */
  legacyHash: string | null;
  /** Hash of the target's state of the scope; null when the target has none. */
  targetHash: string | null;
  /** First differing path of the two states (a missing side compares as `{}`), or `(root)`. */
  path: string;
}

/** The outcome of {@link verify}; JSON-serializable (the CLI's `--json` output). */
export interface VerifyReport {
  /**
   * True when no session or scope mismatch remained and the run was not aborted. Pending
   * drift-journal entries do not affect it.
   */
  ok: boolean;
  /** The legacy source's name (e.g. "json:/srv/sessions"). */
  legacy: string;
  /** `options.targetName`, or "target". */
  target: string;
  /** When the check started, in ms since the epoch (`options.now`). */
  checkedAt: number;
  /** How long it took, in ms, re-checks and scope comparison included. */
  durationMs: number;
  /**
   * What each side holds, and how many sessions matched (after re-checks) or still differed
   * (every mismatch counted, listed or not).
   */
  totals: {
    legacy: Counts;
    target: Counts;
    matched: number;
    mismatched: number;
    /** Legacy sessions that could not be read (damaged files); they fail the verify. */
    unreadable: number;
  };
  /** Per app and user, in key order. */
  users: UserCounts[];
  /** Up to `maxListed` mismatched sessions (all of them are counted in totals.mismatched). */
  mismatches: SessionMismatch[];
  /**
   * Up to `maxListed` legacy sessions that could not be read (CORRUPT: a damaged file), with the
   * file and reason. Verify counts and lists them instead of stopping at the first one.
   */
  unreadable: BackfillProblem[];
  /** Every scope whose state differs (empty when scopes were not compared). */
  scopeMismatches: ScopeMismatch[];
  /** Scopes present on either side and compared; 0 when scopes were not compared. */
  scopesCompared: number;
  /**
   * Drift-journal entries not yet repaired (informational; counted up to 100,000); null when
   * the journal could not be read (the error does not fail the verify).
   */
  driftPending: number | null;
}

/** What {@link verify} compares, and how. */
export interface VerifyOptions {
  /**
   * The legacy side, read in key order; its `read` enables re-checks, its `scopes` the state
   * comparison.
   */
  legacy: SessionSource;
  /** The sessionkit database (its drift journal is counted too). */
  target: SessionRepository;
  /** Shown in the report. */
  targetName?: string;
  /** Compare app and user state too (only when `legacy.scopes` exists). Default true. */
  scopes?: boolean;
  /**
   * Re-read mismatched sessions this many times (100 ms apart) before reporting them, so a
   * write in flight on a live system is not reported as drift. Default 2. Needs `legacy.read`.
   */
  recheckAttempts?: number;
  /** Mismatches listed in the report at most. Default 1,000. */
  maxListed?: number;
  /**
   * Called every 500 keys compared, and once when the comparison pass ends, with the keys
   * compared so far and legacy's session count (null when `legacy.count` is missing).
   */
  onProgress?: (checked: number, total: number | null) => void;
  /**
   * Stops the comparison early: the report then covers what was compared and has `ok` false.
   */
  signal?: AbortSignal;
  /** Clock for `checkedAt` / `durationMs`, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
}

function summary(s: SessionSnapshot, hash: string): SideSummary {
  return {
    revision: s.revision,
    lastSeq: s.lastSeq,
    updatedAt: s.updatedAt,
    status: s.status,
    hash,
  };
}

/**
 * Compares the legacy source and the target session by session (a streaming merge of both key
 * orders, bounded memory): counts per app and user, and a content hash per session (sha256 of
 * canonical JSON of record, events and session state; see `snapshotHash`). Also compares app
 * and user state. Mismatches are re-checked before they are reported.
 */
export async function verify(options: VerifyOptions): Promise<VerifyReport> {
  const now = options.now ?? Date.now;
  const begin = now();
  const maxListed = options.maxListed ?? 1000;
  const users: UserCounts[] = [];
  const totals = {
    legacy: { sessions: 0, events: 0 },
    target: { sessions: 0, events: 0 },
    matched: 0,
    mismatched: 0,
    unreadable: 0,
  };
  const unreadable = new UnreadableSessions();
  const suspects: SessionMismatch[] = [];
  let total: number | null = null;
  if (options.onProgress && options.legacy.count) total = (await options.legacy.count()).sessions;

  // One entry per app and user, found by key: the re-check pass below looks users up again
  // after the merge, in any order.
  const byUser = new Map<string, UserCounts>();
  const userOf = (key: SessionKey): UserCounts => {
    const name = JSON.stringify([key.appName, key.userId]);
    let u = byUser.get(name);
    if (!u) {
      u = {
        appName: key.appName,
        userId: key.userId,
        legacy: { sessions: 0, events: 0 },
        target: { sessions: 0, events: 0 },
        mismatches: 0,
      };
      byUser.set(name, u);
      users.push(u);
    }
    return u;
  };

  const left = orderedSessions(options.legacy, undefined, unreadable.handler())[
    Symbol.asyncIterator
  ]();
  const right = scanSnapshots(options.target)[Symbol.asyncIterator]();
  let l = await left.next();
  let r = await right.next();
  let checked = 0;
  while (!l.done || !r.done) {
    if (options.signal?.aborted) break;
    const a = l.done ? null : l.value;
    const b = r.done ? null : r.value;
    const order = a && b ? compareKeys(keyOf(a), keyOf(b)) : a ? -1 : 1;
    if (order <= 0 && a) {
      const u = userOf(keyOf(a));
      u.legacy.sessions++;
      u.legacy.events += a.events.length;
      totals.legacy.sessions++;
      totals.legacy.events += a.events.length;
    }
    if (order >= 0 && b) {
      const u = userOf(keyOf(b));
      u.target.sessions++;
      u.target.events += b.events.length;
      totals.target.sessions++;
      totals.target.events += b.events.length;
    }
    if (order === 0 && a && b) {
      const ha = snapshotHash(a);
      const hb = snapshotHash(b);
      if (ha === hb) totals.matched++;
      else
        suspects.push({
          key: keyOf(a),
          kind: "content",
          legacy: summary(a, ha),
          target: summary(b, hb),
          path: firstDifference(canonicalSnapshot(a), canonicalSnapshot(b)) ?? "(root)",
        });
    } else if (order < 0 && a) {
      suspects.push({
        key: keyOf(a),
        kind: "missing-in-target",
        legacy: summary(a, snapshotHash(a)),
        target: null,
      });
    } else if (b) {
      suspects.push({
        key: keyOf(b),
        kind: "missing-in-legacy",
        legacy: null,
        target: summary(b, snapshotHash(b)),
      });
    }
    if (order <= 0) l = await left.next();
    if (order >= 0) r = await right.next();
    checked++;
    if (options.onProgress && checked % 500 === 0) options.onProgress(checked, total);
  }
  options.onProgress?.(checked, total);

  // Re-check suspects: a live application may have been mid-write on one side.
  const attempts = options.legacy.read ? (options.recheckAttempts ?? 2) : 0;
  let remaining = suspects;
  for (let attempt = 0; attempt < attempts && remaining.length > 0; attempt++) {
    await sleep(100, options.signal);
    const still: SessionMismatch[] = [];
    for (const m of remaining) {
      let again: SessionMismatch | null;
      try {
        again = await compareOne(options.legacy, options.target, m.key);
      } catch (error) {
        // Damaged on the legacy side since the scan: it stays a mismatch.
        if (!isSessionKitError(error, "CORRUPT")) throw error;
        again = m;
      }
      if (again) still.push(again);
      else totals.matched++;
    }
    remaining = still;
  }
  for (const m of remaining) userOf(m.key).mismatches++;
  users.sort((x, y) => compareKeys({ ...x, sessionId: "" }, { ...y, sessionId: "" }));
  totals.mismatched = remaining.length;

  const scopeMismatches: ScopeMismatch[] = [];
  let scopesCompared = 0;
  if (options.scopes !== false && options.legacy.scopes) {
    const legacyScopes = new Map<string, { hash: string; state: unknown }>();
    for await (const { scope, state } of options.legacy.scopes()) {
      legacyScopes.set(scopeString(scope), { hash: jsonHash(state), state });
    }
    const targetScopes = new Map<string, { hash: string; state: unknown }>();
    for await (const { scope, state } of scanScopes(options.target)) {
      targetScopes.set(scopeString(scope), { hash: jsonHash(state), state });
    }
    for (const name of new Set([...legacyScopes.keys(), ...targetScopes.keys()])) {
      scopesCompared++;
      const a = legacyScopes.get(name);
      const b = targetScopes.get(name);
      if (a && b && a.hash === b.hash) continue;
      scopeMismatches.push({
        scope: parseScopeString(name),
        legacyHash: a?.hash ?? null,
        targetHash: b?.hash ?? null,
        path: firstDifference(a?.state ?? {}, b?.state ?? {}) ?? "(root)",
      });
    }
  }

  let driftPending: number | null;
  try {
    driftPending = await countDrift(options.target, undefined, 100_000);
  } catch {
    driftPending = null;
  }

  totals.unreadable = unreadable.count;
  return {
    ok:
      remaining.length === 0 &&
      scopeMismatches.length === 0 &&
      unreadable.count === 0 &&
      !options.signal?.aborted,
    legacy: options.legacy.name,
    target: options.targetName ?? "target",
    checkedAt: begin,
    durationMs: now() - begin,
    totals,
    users,
    mismatches: remaining.slice(0, maxListed),
    unreadable: unreadable.listed.slice(0, maxListed),
    scopeMismatches,
    scopesCompared,
    driftPending,
  };
}

/** Compares one session on both sides; null when they match. */
export async function compareOne(
  legacy: SessionSource,
  target: SessionRepository,
  key: SessionKey,
): Promise<SessionMismatch | null> {
  const [a, b] = await Promise.all([
    legacy.read ? legacy.read(key) : null,
    target.readSnapshot(key),
  ]);
  if (!a && !b) return null;
  if (a && b) {
    const ha = snapshotHash(a);
    const hb = snapshotHash(b);
    if (ha === hb) return null;
    return {
      key,
      kind: "content",
      legacy: summary(a, ha),
      target: summary(b, hb),
      path: firstDifference(canonicalSnapshot(a), canonicalSnapshot(b)) ?? "(root)",
    };
  }
  if (a)
    return { key, kind: "missing-in-target", legacy: summary(a, snapshotHash(a)), target: null };
  return {
    key,
    kind: "missing-in-legacy",
    legacy: null,
    target: summary(b as SessionSnapshot, snapshotHash(b as SessionSnapshot)),
  };
}
