import type {
  ErrorContext,
  GetOrCreateSessionResult,
  JsonObject,
  Session,
  SessionKey,
} from "@sessionkit/core";
import {
  applyEntries,
  type GetOrCreateSessionInput,
  type ScopedDelta,
  scopedEntries,
  sessionAlreadyExists,
  sessionNotFound,
} from "@sessionkit/core/adapter-kit";
import { get, run, type SqlWork } from "../driver/sql-work.js";
import { rowToSession, type SessionRow } from "./rows.js";
import type { SessionEngine } from "./session-engine.js";
import { keyParams } from "./session-keys.js";
import { type WriteContext, watchKeyOf } from "./write-context.js";

/** The work of {@link SessionEngine.createSession}. */
export function* createSession(
  engine: SessionEngine,
  key: SessionKey,
  scoped: ScopedDelta | null,
  metadata: JsonObject,
  w: WriteContext,
  ctx: ErrorContext,
): SqlWork<Session> {
  const session = yield* insertNewSession(engine, key, scoped, metadata, w);
  if (session === null) throw sessionAlreadyExists(ctx);
  return session;
}

/** {@link createSession} that answers null (nothing written) when the key is taken. */
function* insertNewSession(
  engine: SessionEngine,
  key: SessionKey,
  scoped: ScopedDelta | null,
  metadata: JsonObject,
  w: WriteContext,
): SqlWork<Session | null> {
  const { sessions: ses } = engine.dialect;
  const state = scoped ? applyEntries({}, scoped.session) : {};
  // The new row comes back from the insert itself (no row: the key is taken).
  const row = yield* get<SessionRow>(ses.insertSession, [
    ...keyParams(key),
    JSON.stringify(state),
    JSON.stringify(metadata),
    w.now,
    w.now,
  ]);
  if (row === undefined) return null;
  if (scoped) yield* engine.applyScopedRows(key.appName, key.userId, scoped);
  const { app, user } = yield* engine.scopedStateFor(key.appName, key.userId);
  return rowToSession(row, scopedEntries(app, user), []);
}

/** The work of {@link SessionEngine.getOrCreateSession}. */
export function* getOrCreateSession(
  engine: SessionEngine,
  input: GetOrCreateSessionInput,
  w: WriteContext,
  ctx: ErrorContext,
): SqlWork<GetOrCreateSessionResult> {
  const row = yield* get<SessionRow>(
    engine.dialect.sessions.selectSessionForWrite,
    keyParams(input.key),
  );
  if (row?.status === "expired") throw sessionAlreadyExists(ctx);
  if (!row) {
    const session = yield* insertNewSession(engine, input.key, input.state, input.metadata, w);
    if (session !== null) return { session, created: true };
    // A concurrent writer inserted the key between the read and the insert (possible where
    // writers take row locks, not a database lock: PostgreSQL's READ COMMITTED; the insert
    // waited for its commit): answer with what it created.
    const now = yield* get<SessionRow>(
      engine.dialect.sessions.selectSessionByKey,
      keyParams(input.key),
    );
    if (!now || now.status === "expired") throw sessionAlreadyExists(ctx);
  }
  const session = yield* engine.getSession(input.key, input.get);
  return { session: session as Session, created: false };
}

/** The work of {@link SessionEngine.deleteSession}. */
export function* deleteSession(
  engine: SessionEngine,
  key: SessionKey,
  w: WriteContext,
): SqlWork<boolean> {
  const { sessions: ses } = engine.dialect;
  const result = yield* run(ses.deleteSessionByKey, keyParams(key));
  if (result.changes > 0) {
    w.published.push([watchKeyOf(key.appName, key.userId, key.sessionId), null]);
    return true;
  }
  return false;
}

/** The work of {@link SessionEngine.expireSession}. */
export function* expireSession(
  engine: SessionEngine,
  key: SessionKey,
  w: WriteContext,
  ctx: ErrorContext,
): SqlWork<boolean> {
  const { sessions: ses } = engine.dialect;
  const row = yield* get<SessionRow>(ses.selectSessionForWrite, keyParams(key));
  if (!row) throw sessionNotFound(ctx, false);
  if (row.status === "expired") return false;
  yield* run(ses.expireSessionByPk, [w.now, row.pk]);
  return true;
}

/** The work of {@link SessionEngine.expireIdleSessions}. */
export function* expireIdleSessions(
  engine: SessionEngine,
  idleSince: number,
  appName: string | undefined,
  w: WriteContext,
): SqlWork<number> {
  const { sessions: ses } = engine.dialect;
  const result =
    appName === undefined
      ? yield* run(ses.expireIdleAll, [w.now, idleSince])
      : yield* run(ses.expireIdleInApp, [w.now, appName, idleSince]);
  return result.changes;
}

/** The work of {@link SessionEngine.purgeBatch}. */
export function* purgeBatch(
  engine: SessionEngine,
  expiredBefore: number | undefined,
  batchSize: number,
): SqlWork<number> {
  const { sessions: ses } = engine.dialect;
  const result =
    expiredBefore === undefined
      ? yield* run(ses.purgeBatchAll, [batchSize])
      : yield* run(ses.purgeBatchBefore, [expiredBefore, batchSize]);
  return result.changes;
}
