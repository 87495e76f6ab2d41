import type {
  JsonObject,
  SessionKey,
  SessionOperations,
  SessionRepository,
  SessionSnapshot,
  StateScope,
} from "@sessionkit/core";
import { canonicalJson } from "@sessionkit/core/adapter-kit";
import {
  type DriftEntry,
  type DriftSide,
  readDrift,
  readLocalDrift,
  retireLocalDrift,
} from "./drift-journal.js";
import { migrateError } from "./errors.js";
import { keyString } from "./keys.js";
import { snapshotHash } from "./session-hash.js";
import type { SessionSource } from "./session-source.js";
import { type SessionMismatch, type VerifyReport, verify } from "./verify.js";

/**
 * Reads the store that holds the truth during a repair: the legacy source up to dual-write,
 * the target from target-primary on. {@link copyStable} needs only `readSnapshot`.
 */
export interface TruthReader {
  /** The whole session with every event, or null when the truth does not have it. */
  readSnapshot(key: SessionKey): Promise<SessionSnapshot | null>;
  /** The whole app (no `userId`) or user state of a scope; `{}` when it has none. */
  readScope(scope: StateScope): Promise<JsonObject>;
  /** A meta entry's value, or null when absent; missing when the truth has no meta table. */
  getMeta?(name: string): Promise<import("@sessionkit/core").JsonValue | null>;
}

/** Which two stores {@link repair} reconciles, in which direction, and how hard it tries. */
export interface RepairOptions {
  /** The legacy side: a repository (needed when the target holds the truth) or a source with `read`. */
  legacy: SessionSource;
  /** The legacy repository, required when `truth` is "target" (copies go into it). */
  legacyRepository?: SessionRepository;
  /** The sessionkit database; its meta table holds the drift journal that repair drains. */
  target: SessionRepository;
  /** How the target is named in the verify report (e.g. its URL). */
  targetName?: string;
  /** Which side holds the truth: "legacy" up to dual-write, "target" from target-primary on. */
  truth: "legacy" | "target";
  /** Local journal files (JSON lines) to drain as well; moved aside once drained. */
  localJournals?: string[];
  /**
   * Count journal entries and report mismatches without copying, deleting or draining
   * anything (one verify pass). Default false.
   */
  dryRun?: boolean;
  /** Verify-and-fix rounds at most (a live application may keep changing data). Default 3. */
  rounds?: number;
  /** Called with a one-line, human-readable message as each stage starts (drain, each verify). */
  onProgress?: (message: string) => void;
}

/** What {@link repair} did, and whether the two sides agree afterwards. */
export interface RepairResult {
  /** Whether this was a dry run (nothing written). */
  dryRun: boolean;
  /** Drift-journal entries read from the target's meta table (and removed, unless a dry run). */
  journalEntries: number;
  /** Entries read from the local journal files. */
  localJournalEntries: number;
  /** Sessions written whole into the lagging side (on a dry run: that would be copied). */
  sessionsCopied: number;
  /**
   * Sessions deleted from the lagging side because the truth no longer has them (on a dry run:
   * that would be deleted).
   */
  sessionsDeleted: number;
  /** App and user state scopes re-copied (on a dry run: that would be). */
  scopesCopied: number;
  /** Meta entries re-copied from the drift journal. */
  metaCopied: number;
  /** Verify passes run (each fix round is followed by one more). */
  rounds: number;
  /** The verify report after the last round; `ok` tells whether both sides now agree. */
  report: VerifyReport;
}

/**
 * Brings the lagging side back in line with the side holding the truth: drains the drift
 * journal (target meta and local journal files) by re-copying each named session, scope and
 * meta entry, then runs verify and re-copies every mismatched session and scope, repeating until
 * verify is clean (or `rounds` is reached). Copies are whole-session replacements followed by a
 * re-read of the truth, so a write racing the copy is copied again.
 */
export async function repair(options: RepairOptions): Promise<RepairResult> {
  const dryRun = options.dryRun ?? false;
  const truthSide = options.truth;
  const lagging: DriftSide = truthSide === "legacy" ? "target" : "legacy";
  let from: TruthReader;
  let to: SessionOperations;
  if (truthSide === "legacy") {
    const src = options.legacy;
    if (!src.read || !src.readScope) {
      throw migrateError(
        "UNSUPPORTED",
        "repair",
        `source ${src.name} cannot read single sessions`,
        "export read(key) and readScope(scope) from the source module so repair can re-copy sessions",
      );
    }
    from = { readSnapshot: src.read.bind(src), readScope: src.readScope.bind(src) };
    if (options.legacyRepository) from.getMeta = (n) => options.legacyRepository!.getMeta(n);
    to = options.target;
  } else {
    if (!options.legacyRepository) {
      throw migrateError(
        "UNSUPPORTED",
        "repair",
        "the target holds the truth but the legacy side is not a writable repository",
        "use the built-in legacy layout (json:) as legacy to repair it from the target",
      );
    }
    const t = options.target;
    from = {
      readSnapshot: (k) => t.readSnapshot(k),
      readScope: (s) =>
        s.userId === undefined
          ? t.getAppState({ appName: s.appName })
          : t.getUserState({ appName: s.appName, userId: s.userId }),
      getMeta: (n) => t.getMeta(n),
    };
    to = options.legacyRepository;
  }
  const result = {
    dryRun,
    journalEntries: 0,
    localJournalEntries: 0,
    sessionsCopied: 0,
    sessionsDeleted: 0,
    scopesCopied: 0,
    metaCopied: 0,
    rounds: 0,
  };
  const done = new Set<string>();
  const copy = async (key: SessionKey) => {
    const k = keyString(key);
    if (done.has(k)) return;
    done.add(k);
    const outcome = dryRun ? "written" : await copyStable(from, to, key);
    if (outcome === "deleted") result.sessionsDeleted++;
    else if (outcome === "written") result.sessionsCopied++;
  };
  const copyScope = async (scope: StateScope) => {
    result.scopesCopied++;
    if (!dryRun) await to.writeScopedState(scope, await from.readScope(scope));
  };
  const apply = async (entry: DriftEntry) => {
    // Only entries for the side that lags in this phase are replayed; any other entry (from an
    // earlier phase) is settled by the verify pass below, which copies in the current direction.
    if (entry.side !== lagging) return;
    if (entry.key) await copy(entry.key);
    if (entry.scope) await copyScope(entry.scope);
    if (entry.meta && from.getMeta) {
      result.metaCopied++;
      if (!dryRun) await to.setMeta(entry.meta, await from.getMeta(entry.meta));
    }
  };

  options.onProgress?.("draining the drift journal");
  const drained: string[] = [];
  for await (const entry of readDrift(options.target)) {
    result.journalEntries++;
    await apply(entry);
    drained.push(entry.name);
    if (!dryRun && drained.length >= 200) {
      for (const name of drained.splice(0)) await options.target.setMeta(name, null);
    }
  }
  if (!dryRun) for (const name of drained) await options.target.setMeta(name, null);
  for (const file of options.localJournals ?? []) {
    const entries = await readLocalDrift(file);
    for (const entry of entries) {
      result.localJournalEntries++;
      await apply(entry);
    }
    if (!dryRun && entries.length > 0) await retireLocalDrift(file);
  }

  const verifyAll = () =>
    verify({
      legacy: options.legacy,
      target: options.target,
      targetName: options.targetName,
      maxListed: Number.MAX_SAFE_INTEGER,
    });
  /** Dry run: a mismatch the truth lacks would be deleted from the lagging side, else copied. */
  const countWouldCopy = (m: SessionMismatch) => {
    const k = keyString(m.key);
    if (done.has(k)) return;
    done.add(k);
    const truthLacks = truthSide === "legacy" ? m.legacy === null : m.target === null;
    if (truthLacks) result.sessionsDeleted++;
    else result.sessionsCopied++;
  };
  const rounds = options.rounds ?? 3;
  let report: VerifyReport;
  for (;;) {
    options.onProgress?.(`verifying (round ${result.rounds + 1})`);
    report = await verify({
      legacy: options.legacy,
      target: options.target,
      targetName: options.targetName,
    });
    result.rounds++;
    if (dryRun && !report.ok) {
      // Say what a real run would do: copy (or delete) each mismatched session and scope.
      if (report.totals.mismatched > report.mismatches.length) report = await verifyAll();
      for (const m of report.mismatches) countWouldCopy(m);
      result.scopesCopied += report.scopeMismatches.length;
    }
    if (report.ok || dryRun || result.rounds > rounds) break;
    // More mismatches than listed: copy everything that differs by walking keys again.
    if (report.totals.mismatched > report.mismatches.length) report = await verifyAll();
    done.clear();
    for (const m of report.mismatches) await copy(m.key);
    for (const s of report.scopeMismatches) await copyScope(s.scope);
  }
  return { ...result, report };
}

/**
 * Replaces `to`'s copy with `from`'s and re-reads `from` until it did not change meanwhile
 * (at most 5 reads), so a concurrent write is never left half-copied. When `from` lacks the
 * session it is deleted from `to`. Returns "written" (copied), "deleted" (removed from `to`)
 * or "absent" (on neither side); errors of either store propagate.
 */
export async function copyStable(
  from: Pick<TruthReader, "readSnapshot">,
  to: SessionOperations,
  key: SessionKey,
): Promise<"written" | "deleted" | "absent"> {
  let outcome: "written" | "deleted" | "absent" = "absent";
  let previous: string | null = null;
  for (let i = 0; i < 5; i++) {
    const snap = await from.readSnapshot(key);
    const hash = snap ? snapshotHash(snap) : "absent";
    if (hash === previous) break;
    if (snap) {
      await to.writeSnapshot(snap, { mode: "replace" });
      outcome = "written";
    } else {
      outcome = (await to.deleteSession(key))
        ? "deleted"
        : outcome === "written"
          ? "deleted"
          : "absent";
    }
    previous = hash;
  }
  return outcome;
}

/** True when two JSON values are equal by canonical JSON. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a as JsonObject) === canonicalJson(b as JsonObject);
}
