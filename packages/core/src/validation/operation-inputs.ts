import type { JsonObject } from "../contract/json.js";
import type {
  CreateSessionOptions,
  GetOrCreateSessionOptions,
  ScanSessionsOptions,
} from "../contract/options.js";
import type { StateScope } from "../contract/results.js";
import type { NewSessionKey, SessionKey } from "../contract/session-key.js";
import type { ErrorContext } from "../errors/session-kit-error.js";
import type {
  CreateSessionInput,
  GetOrCreateSessionInput,
  ListMetaInput,
  ScanSessionsInput,
} from "../kit/session-storage.js";
import { splitStateDelta } from "../state/scoped-delta.js";
import { copyJson } from "../util/copy-json.js";
import { generateId } from "../util/generate-id.js";
import { assertId } from "./ids.js";
import { invalidArgument } from "./invalid.js";
import { assertJsonObject } from "./json-value.js";
import { assertNewSessionKey, assertSessionKey } from "./keys.js";
import type { Limits } from "./limits.js";
import { assertOptionalInt, assertOptionsObject } from "./option-checks.js";
import { assertStateDelta } from "./state-delta.js";

/** Default and maximum page sizes of the migration-support listings. */
const SCAN_DEFAULT_LIMIT = 500;
const META_DEFAULT_LIMIT = 1000;
const LISTING_MAX_LIMIT = 10_000;

/**
 * Validates createSession's key and options; generates the id when absent and copies the state
 * and metadata (the caller may change them after the call). @throws INVALID_ARGUMENT or LIMIT.
 */
export function normalizeCreateSession(
  key: NewSessionKey,
  options: CreateSessionOptions | undefined,
  limits: Limits,
  ctx: ErrorContext,
): CreateSessionInput {
  assertNewSessionKey(key, ctx);
  assertOptionsObject(options, "options", ["state", "metadata"], ctx);
  if (options?.state !== undefined) assertStateDelta(options.state, "options.state", limits, ctx);
  if (options?.metadata !== undefined) assertJsonObject(options.metadata, "options.metadata", ctx);
  return {
    key: { appName: key.appName, userId: key.userId, sessionId: key.sessionId ?? generateId() },
    state: options?.state ? splitStateDelta(copyJson(options.state)) : null,
    metadata: options?.metadata ? copyJson(options.metadata) : {},
  };
}

/**
 * Validates getOrCreateSession's key (sessionId required) and options (`state` and `metadata` as
 * createSession's, `recentEvents` as getSession's) and copies the state and metadata.
 * @throws INVALID_ARGUMENT or LIMIT.
 */
export function normalizeGetOrCreateSession(
  key: SessionKey,
  options: GetOrCreateSessionOptions | undefined,
  limits: Limits,
  ctx: ErrorContext,
): GetOrCreateSessionInput {
  assertSessionKey(key, ctx);
  assertOptionsObject(options, "options", ["state", "metadata", "recentEvents"], ctx);
  if (options?.state !== undefined) assertStateDelta(options.state, "options.state", limits, ctx);
  if (options?.metadata !== undefined) assertJsonObject(options.metadata, "options.metadata", ctx);
  assertOptionalInt(options?.recentEvents, "options.recentEvents", ctx);
  return {
    key: { appName: key.appName, userId: key.userId, sessionId: key.sessionId },
    state: options?.state ? splitStateDelta(copyJson(options.state)) : null,
    metadata: options?.metadata ? copyJson(options.metadata) : {},
    get: {
      recentEvents: options?.recentEvents,
      afterSeq: undefined,
      afterTimestamp: undefined,
      includeExpired: false,
    },
  };
}

/** Validates scanSessions' options (limit 1–10,000, default 500). @throws INVALID_ARGUMENT. */
export function normalizeScanSessions(
  options: ScanSessionsOptions | undefined,
  ctx: ErrorContext,
): ScanSessionsInput {
  assertOptionsObject(options, "options", ["after", "limit", "appName"], ctx);
  assertOptionalInt(options?.limit, "options.limit", ctx, 1, LISTING_MAX_LIMIT);
  if (options?.after !== undefined) assertSessionKey(options.after, ctx, "options.after");
  if (options?.appName !== undefined) assertId(options.appName, "options.appName", ctx);
  return {
    after: options?.after,
    limit: options?.limit ?? SCAN_DEFAULT_LIMIT,
    appName: options?.appName,
  };
}

/** Validates listMeta's prefix and options (limit 1–10,000, default 1,000). */
export function normalizeListMeta(
  prefix: string,
  options: { limit?: number; after?: string } | undefined,
  ctx: ErrorContext,
): ListMetaInput {
  if (typeof prefix !== "string") throw invalidArgument(ctx, "prefix", "must be a string");
  assertOptionsObject(options, "options", ["limit", "after"], ctx);
  assertOptionalInt(options?.limit, "options.limit", ctx, 1, LISTING_MAX_LIMIT);
  const after = options?.after;
  if (after !== undefined && typeof after !== "string")
    throw invalidArgument(ctx, "options.after", "must be a string");
  return { prefix, after, limit: options?.limit ?? META_DEFAULT_LIMIT };
}

/**
 * Validates writeScopedState's scope and state; returns a copy of the state without null
 * values (the whole new state of the scope). @throws INVALID_ARGUMENT or LIMIT.
 */
export function normalizeScopedStateWrite(
  scope: StateScope,
  state: JsonObject,
  limits: Limits,
  ctx: ErrorContext,
): JsonObject {
  if (scope === null || typeof scope !== "object")
    throw invalidArgument(ctx, "scope", "must be { appName, userId? }");
  assertId(scope.appName, "scope.appName", ctx);
  if (scope.userId !== undefined) assertId(scope.userId, "scope.userId", ctx);
  assertStateDelta(state, "state", limits, ctx);
  // fromEntries defines own keys: a "__proto__" key stays a key.
  return Object.fromEntries(
    Object.entries(copyJson(state)).filter(([, value]) => value !== null),
  ) as JsonObject;
}
