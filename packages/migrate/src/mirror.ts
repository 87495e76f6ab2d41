import {
  isSessionKitError,
  type SessionKey,
  type SessionOperations,
  type SessionRepository,
  type StateScope,
} from "@sessionkit/core";
import { appendDrift, appendLocalDrift, type DriftEntry, type DriftSide } from "./drift-journal.js";
import { keyString } from "./keys.js";
import { snapshotHash } from "./session-hash.js";
import type { SessionTouch, Touches } from "./touches.js";

/** Where a write goes first and where it is copied to. */
export interface MirrorRoute {
  primary: SessionRepository;
  secondary: SessionRepository;
  /** The store that falls behind when a copy fails. */
  side: DriftSide;
}

export interface MirrorOptions {
  /** The target: where the durable drift journal lives. */
  journal: SessionRepository;
  localJournalPath?: string;
  onDrift?: (entry: DriftEntry) => void;
  onWarning: (message: string, error?: unknown) => void;
  now: () => number;
}

/**
 * Copies what a call changed in the primary to the secondary so both hold byte-identical data:
 * the whole session as the primary now stores it (`writeSnapshot`, same ids, seqs, revision and
 * timestamps), the whole state of each touched scope, each touched meta entry. A failed copy
 * never fails the caller: it is recorded in the drift journal (target meta, or the local
 * journal file when the target cannot be written) for `repair`.
 */
export class Mirror {
  /** Session keys whose legacy copy failed in this process (gates fallback reads). */
  readonly failedLegacyKeys = new Set<string>();
  failures = 0;

  constructor(private readonly options: MirrorOptions) {}

  async apply(route: MirrorRoute, touches: Touches): Promise<void> {
    for (const touch of touches.sessions.values()) await this.session(route, touch);
    for (const { scope, operation } of touches.scopes.values())
      await this.scope(route, scope, operation);
    for (const [name, operation] of touches.meta) await this.meta(route, name, operation);
    for (const options of touches.expireIdle) await this.expireIdle(route, options);
  }

  /** Copies one session; the mode decides whether an equal-or-newer secondary copy is kept. */
  async session(route: MirrorRoute, touch: SessionTouch): Promise<void> {
    try {
      await copySession(route.primary, route.secondary, touch.key, touch.mode, async () => {
        await this.drift(route.side, {
          operation: touch.operation,
          key: touch.key,
          error: "the secondary copy is different and not older; re-copy needed",
          code: "DIVERGED",
        });
      });
    } catch (error) {
      await this.failed(route.side, { operation: touch.operation, key: touch.key }, error);
    }
  }

  async scope(route: MirrorRoute, scope: StateScope, operation: string): Promise<void> {
    try {
      await copyScope(route.primary, route.secondary, scope);
    } catch (error) {
      await this.failed(route.side, { operation, scope }, error);
    }
  }

  async meta(route: MirrorRoute, name: string, operation: string): Promise<void> {
    try {
      await route.secondary.setMeta(name, await route.primary.getMeta(name));
    } catch (error) {
      await this.failed(route.side, { operation, meta: name }, error);
    }
  }

  /** Re-copies every session the primary's expireIdleSessions may have expired. */
  async expireIdle(
    route: MirrorRoute,
    options: { idleSince: number; appName?: string },
  ): Promise<void> {
    try {
      const apps = options.appName ? [options.appName] : await listAppNames(route.primary);
      for (const appName of apps) {
        let cursor: string | undefined;
        do {
          const page = await route.primary.listSessions({
            appName,
            status: "expired",
            updatedBefore: options.idleSince,
            limit: 1000,
            ...(cursor ? { cursor } : {}),
          });
          for (const s of page.sessions) {
            const key = { appName: s.appName, userId: s.userId, sessionId: s.id };
            const other = await route.secondary.readSnapshot(key);
            if (other?.revision !== s.revision || other.status !== s.status) {
              await this.session(route, { key, operation: "expireIdleSessions", mode: "if-newer" });
            }
          }
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
      }
    } catch (error) {
      await this.failed(route.side, { operation: "expireIdleSessions", global: true }, error);
    }
  }

  /** Records a failure to run an operation on the secondary that spans many sessions. */
  async failedGlobal(side: DriftSide, operation: string, error: unknown): Promise<void> {
    await this.failed(side, { operation, global: true }, error);
  }

  private async failed(
    side: DriftSide,
    what: Pick<DriftEntry, "operation" | "key" | "scope" | "meta" | "global">,
    error: unknown,
  ): Promise<void> {
    this.failures++;
    await this.drift(side, {
      ...what,
      error: error instanceof Error ? error.message : String(error),
      code: isSessionKitError(error) ? error.code : undefined,
    });
  }

  private async drift(side: DriftSide, what: Omit<DriftEntry, "side" | "at">): Promise<void> {
    const entry: DriftEntry = JSON.parse(JSON.stringify({ ...what, side, at: this.options.now() }));
    if (side === "legacy" && entry.key) this.failedLegacyKeys.add(keyString(entry.key));
    if (side === "legacy" && (entry.global || entry.scope)) this.failedLegacyKeys.add("*");
    this.options.onDrift?.(entry);
    try {
      await appendDrift(this.options.journal, entry);
      return;
    } catch (error) {
      if (!this.options.localJournalPath) {
        this.options.onWarning(
          "could not record a drift journal entry in the target and no localJournalPath is set; run `sessionkit-migrate repair` (a full verify finds it)",
          error,
        );
        return;
      }
    }
    try {
      await appendLocalDrift(this.options.localJournalPath, entry);
    } catch (error) {
      this.options.onWarning(
        `could not record a drift journal entry in the target nor in ${this.options.localJournalPath}; run \`sessionkit-migrate repair\``,
        error,
      );
    }
  }
}

/** Copy attempts when a concurrent writer keeps moving the primary copy ahead. */
const COPY_ATTEMPTS = 5;

/**
 * Copies one session from `from` to `to`. A session missing in `from` is deleted in `to`.
 * In "if-newer" mode a `to` copy with an equal or higher revision is kept. A kept copy is not
 * divergence when another writer (a second process writing the same session) already copied
 * what `from` holds now, or will: `from` is re-read, and the copy is retried while `from` is
 * newer. `onDiverged` is called only when the kept `to` copy really differs from `from`'s
 * current copy without being older (a stale copy that a later `repair` must replace). When
 * `from` keeps moving ahead for every attempt (many processes appending to one session), the
 * copy is left to the writer of `from`'s newest revision, whose own copy follows its write.
 * @returns what happened.
 */
export async function copySession(
  from: SessionOperations,
  to: SessionOperations,
  key: SessionKey,
  mode: "if-newer" | "replace",
  onDiverged?: () => Promise<void>,
): Promise<"written" | "skipped" | "deleted" | "absent"> {
  let snapshot = await from.readSnapshot(key);
  for (let attempt = 1; ; attempt++) {
    if (snapshot === null) return (await to.deleteSession(key)) ? "deleted" : "absent";
    const result = await to.writeSnapshot(snapshot, { mode });
    if (result !== "skipped" || !onDiverged) return result;
    const kept = await to.readSnapshot(key);
    if (kept && snapshotHash(kept) === snapshotHash(snapshot)) return result;
    // The kept copy differs from what was read: has the primary moved on meanwhile?
    const current = await from.readSnapshot(key);
    if (kept && current && snapshotHash(kept) === snapshotHash(current)) return result;
    const primaryAhead = current === null || kept === null || current.revision > kept.revision;
    if (!primaryAhead) {
      await onDiverged();
      return result;
    }
    // Still behind: whoever wrote the primary's newer copy copies it after its own write (and
    // checks again), so running out of attempts hands the copy over rather than reporting drift.
    if (attempt >= COPY_ATTEMPTS) return result;
    snapshot = current;
  }
}

/** Copies the whole state of one app or user scope. */
export async function copyScope(
  from: SessionOperations,
  to: SessionOperations,
  scope: StateScope,
): Promise<void> {
  const state =
    scope.userId === undefined
      ? await from.getAppState({ appName: scope.appName })
      : await from.getUserState({ appName: scope.appName, userId: scope.userId });
  await to.writeScopedState(scope, state);
}

/** Every app name that has at least one session, by scanning keys. */
export async function listAppNames(repo: SessionOperations): Promise<string[]> {
  const apps: string[] = [];
  let after: SessionKey | undefined;
  for (;;) {
    const keys = await repo.scanSessions({ limit: 10_000, ...(after ? { after } : {}) });
    for (const k of keys) if (apps[apps.length - 1] !== k.appName) apps.push(k.appName);
    if (keys.length < 10_000) return apps;
    after = keys[keys.length - 1];
  }
}
