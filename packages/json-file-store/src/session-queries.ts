import { join } from "node:path";
import type {
  CorruptHandler,
  ErrorContext,
  JsonObject,
  SearchHit,
  SessionKey,
  SessionPage,
  StateScope,
} from "@sessionkit/core";
import type { ScanSessionsInput } from "@sessionkit/core/adapter-kit";
import {
  compareKeys,
  compareStrings,
  metadataMatcher,
  type NormalizedListSessions,
  type NormalizedSearch,
  pageSessions,
  SearchScan,
} from "@sessionkit/core/adapter-kit";
import { readOrReport } from "./corrupt-files.js";
import { listApps, listSessionFiles, listUsers, mapLimit } from "./directory-walk.js";
import type { FileStore } from "./file-store.js";
import type { SessionHeader } from "./format.js";
import { APP_STATE_FILE, USER_STATE_FILE } from "./layout.js";
import { readSessionFile, readStateFile } from "./read-files.js";
import { keyOf, sessionView } from "./session-view.js";
import type { WorkUnit } from "./work-unit.js";

/**
 * The operations that walk the directory tree instead of one session: listings (session
 * headers only), scans (directory names only), scoped-state listing and scan search. Inside a
 * transaction they see its staged sessions and state (`overlay`).
 */
export class SessionQueries {
  constructor(
    private readonly store: FileStore,
    private readonly overlay?: WorkUnit,
  ) {}

  private out<T>(value: T): T {
    return this.overlay ? structuredClone(value) : value;
  }

  /**
   * Headers of every session of an app (or one user), with the transaction's staged ones.
   * A damaged file fails the call with CORRUPT, or with `onCorrupt` is reported and left out.
   */
  async headers(
    appName: string,
    userId: string | undefined,
    ctx: ErrorContext,
    onCorrupt?: CorruptHandler,
  ) {
    const layout = this.store.layout;
    const users = userId !== undefined ? [{ id: userId }] : await listUsers(layout, appName, ctx);
    const files = (
      await mapLimit(users, 8, (u) => listSessionFiles(layout, appName, u.id, ctx))
    ).flat();
    const headers = (
      await mapLimit(files, 32, (f) =>
        readOrReport(f.path, onCorrupt, () => this.store.headers.read(f.path, ctx)),
      )
    ).filter((h): h is SessionHeader => h !== null);
    if (!this.overlay) return headers;
    const staged = this.overlay
      .stagedSessions()
      .filter(
        (s) => s.key.appName === appName && (userId === undefined || s.key.userId === userId),
      );
    if (staged.length === 0) return headers;
    const touched = new Set(staged.map((s) => JSON.stringify([s.key.userId, s.key.sessionId])));
    const kept = headers.filter((h) => !touched.has(JSON.stringify([h.userId, h.id])));
    for (const s of staged) if (s.value) kept.push(s.value);
    return kept;
  }

  async listSessions(o: NormalizedListSessions, ctx: ErrorContext): Promise<SessionPage> {
    const matches = metadataMatcher(o.metadata);
    const rows = (await this.headers(o.appName, o.userId, ctx, o.onCorrupt)).filter(
      (s) =>
        (o.status === "all" || s.status === o.status) &&
        (o.updatedAfter === undefined || s.updatedAt > o.updatedAfter) &&
        (o.updatedBefore === undefined || s.updatedAt < o.updatedBefore) &&
        matches(s.metadata),
    );
    const { page, nextCursor } = pageSessions(rows, o);
    const app =
      this.overlay?.peekAppState(o.appName) ??
      (await readStateFile(this.store.layout.appStateFile(o.appName), ctx));
    const userStates = new Map<string, JsonObject>();
    for (const s of page) {
      if (userStates.has(s.userId)) continue;
      userStates.set(
        s.userId,
        this.overlay?.peekUserState(o.appName, s.userId) ??
          (await readStateFile(this.store.layout.userStateFile(o.appName, s.userId), ctx)),
      );
    }
    return {
      sessions: page.map((s) => sessionView(s, app, userStates.get(s.userId) ?? {})),
      nextCursor,
    };
  }

  async searchEvents(o: NormalizedSearch, ctx: ErrorContext): Promise<SearchHit[]> {
    const layout = this.store.layout;
    const users =
      o.userId !== undefined ? [{ id: o.userId }] : await listUsers(layout, o.appName, ctx);
    const scan = new SearchScan(o);
    for (const u of users) {
      const files =
        o.sessionId !== undefined
          ? [{ id: o.sessionId, path: layout.sessionFile(o.appName, u.id, o.sessionId) }]
          : await listSessionFiles(layout, o.appName, u.id, ctx);
      await mapLimit(files, 16, async (f) => {
        const staged = this.overlay
          ?.stagedSessions()
          .find(
            (s) => s.key.appName === o.appName && s.key.userId === u.id && s.key.sessionId === f.id,
          );
        const rec = staged
          ? staged.value
          : await readOrReport(f.path, o.onCorrupt, () => readSessionFile(f.path, ctx));
        if (rec?.status !== "active") return;
        const key = keyOf(rec);
        for (const event of rec.events) scan.add(key, event);
      });
    }
    return this.out(scan.hits());
  }

  async scanSessions(
    { after, limit, appName: only }: ScanSessionsInput,
    ctx: ErrorContext,
  ): Promise<SessionKey[]> {
    const layout = this.store.layout;
    const staged = this.overlay?.stagedSessions() ?? [];
    const out: SessionKey[] = [];
    const apps = only !== undefined ? [{ id: only }] : await listApps(layout, ctx);
    const stagedApps = staged.map((s) => s.key.appName);
    const appIds = [...new Set([...apps.map((a) => a.id), ...stagedApps])]
      .filter((a) => only === undefined || a === only)
      .sort(compareStrings);
    for (const appName of appIds) {
      if (after && compareStrings(appName, after.appName) < 0) continue;
      const users = (await listUsers(layout, appName, ctx)).map((u) => u.id);
      const userIds = [
        ...new Set([
          ...users,
          ...staged.filter((s) => s.key.appName === appName).map((s) => s.key.userId),
        ]),
      ].sort(compareStrings);
      for (const userId of userIds) {
        if (
          after &&
          (compareStrings(appName, after.appName) || compareStrings(userId, after.userId)) < 0
        ) {
          continue;
        }
        const ids = new Set(
          (await listSessionFiles(layout, appName, userId, ctx)).map((f) => f.id),
        );
        for (const s of staged) {
          if (s.key.appName !== appName || s.key.userId !== userId) continue;
          if (s.value) ids.add(s.key.sessionId);
          else ids.delete(s.key.sessionId);
        }
        for (const sessionId of [...ids].sort(compareStrings)) {
          const key = { appName, userId, sessionId };
          if (after && compareKeys(key, after) <= 0) continue;
          out.push(key);
          if (out.length >= limit) return out;
        }
      }
    }
    return out;
  }

  async listStateScopes(ctx: ErrorContext): Promise<StateScope[]> {
    const layout = this.store.layout;
    const scopes: StateScope[] = [];
    for (const app of await listApps(layout, ctx)) {
      const appState =
        this.overlay?.peekAppState(app.id) ??
        (await readStateFile(join(app.path, APP_STATE_FILE), ctx));
      if (Object.keys(appState).length > 0) scopes.push({ appName: app.id });
      for (const user of await listUsers(layout, app.id, ctx)) {
        const userState =
          this.overlay?.peekUserState(app.id, user.id) ??
          (await readStateFile(join(user.path, USER_STATE_FILE), ctx));
        if (Object.keys(userState).length > 0) scopes.push({ appName: app.id, userId: user.id });
      }
    }
    return scopes;
  }
}
