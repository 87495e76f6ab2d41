import type { BaseSessionService, Session } from "@google/adk";
import type { JsonObject, StateScope } from "@sessionkit/core";
import { snapshotOf, splitMergedState } from "./adk-snapshot.js";
import { assertCount } from "./invalid-option.js";
import type { SessionKitSessionService } from "./session-kit-session-service.js";

/** Options of {@link copyAdkSessions}. */
export interface CopyAdkSessionsOptions {
  /** The ADK app whose sessions (of every user) are copied. */
  appName: string;
  /** Sessions listed per page of the source's `listSessions`. Default 100. */
  pageSize?: number;
  /** Called after each session with the running counts. */
  onProgress?: (progress: CopyAdkSessionsResult) => void;
}

/** What {@link copyAdkSessions} did. */
export interface CopyAdkSessionsResult {
  /** Sessions written to the target. */
  copied: number;
  /** Sessions already in the target with at least as many writes (a re-run), left alone. */
  skipped: number;
  /** Events written. */
  events: number;
  /** Sessions whose read-back through the target differs from the source's view, by key. */
  mismatches: string[];
}

/** The source's and the target's view of one session, as JSON, for comparison. */
function view(session: Session | undefined): string {
  if (!session) return "missing";
  const state = Object.fromEntries(
    Object.entries(session.state).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
  return JSON.stringify({ state, events: session.events });
}

/**
 * Copies every session of an app from any ADK session service — `DatabaseSessionService` on
 * SQLite, PostgreSQL or MySQL, `InMemorySessionService`, … — into a sessionkit store, through
 * ADK's own API (so whatever ADK can read, this copies). Each session is one atomic
 * `writeSnapshot`: its events in the order the source returns them (seq 1…n), every field kept,
 * its session state; app and user state are written once per scope. A session already in the
 * target with at least as many writes is skipped (its scopes too), so a re-run resumes. Each copied session is
 * then read back through `target` and compared with the source's view (state and events, field
 * by field); differences are reported in `mismatches`, never thrown.
 * Run it while the app is stopped (or before switching it to the new service): sessions written
 * during the copy may be missed; a second run copies what changed since (if-newer).
 * @throws INVALID_ARGUMENT for a pageSize that is not a positive integer.
 */
export async function copyAdkSessions(
  source: BaseSessionService,
  target: SessionKitSessionService,
  options: CopyAdkSessionsOptions,
): Promise<CopyAdkSessionsResult> {
  const pageSize = options.pageSize ?? 100;
  assertCount(pageSize, 1, "copyAdkSessions", "pageSize");
  const result: CopyAdkSessionsResult = { copied: 0, skipped: 0, events: 0, mismatches: [] };
  const scopesWritten = new Set<string>();
  const writeScope = async (scope: StateScope, state: JsonObject) => {
    const name = JSON.stringify(scope);
    if (scopesWritten.has(name)) return;
    scopesWritten.add(name);
    await target.repository.writeScopedState(scope, state);
  };
  const { appName } = options;
  for (let page = 1; ; page++) {
    const listed = await source.listSessions({ appName, limit: pageSize, page, order: "asc" });
    for (const entry of listed.sessions) {
      const key = { appName, userId: entry.userId, sessionId: entry.id };
      const full = await source.getSession(key);
      if (!full) continue;
      const state = splitMergedState(full.state);
      const written = await target.repository.writeSnapshot(snapshotOf(full, state.session), {
        mode: "if-newer",
      });
      if (written === "skipped") {
        result.skipped += 1;
      } else {
        await writeScope({ appName }, state.app);
        await writeScope({ appName, userId: entry.userId }, state.user);
        result.copied += 1;
        result.events += full.events.length;
        const config = { numRecentEvents: full.events.length };
        if (view(full) !== view(await target.getSession({ ...key, config }))) {
          result.mismatches.push(`${appName}/${entry.userId}/${entry.id}`);
        }
      }
      options.onProgress?.({ ...result, mismatches: [...result.mismatches] });
    }
    if (page >= listed.totalPages) break;
  }
  return result;
}
