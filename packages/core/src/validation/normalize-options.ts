import type { JsonObject } from "../contract/json.js";
import type {
  CorruptHandler,
  ExpireIdleOptions,
  GetSessionOptions,
  ListEventsOptions,
  ListSessionsOptions,
  PurgeOptions,
  SearchOptions,
  SearchOrder,
  SessionOrderBy,
  StatsOptions,
  WatchOptions,
} from "../contract/options.js";
import type { SessionStatus } from "../contract/session.js";
import type { ErrorContext } from "../errors/session-kit-error.js";
import { canonicalJson } from "../util/canonical-json.js";
import { searchQueryTerms } from "../util/search-tokens.js";
import { assertId } from "./ids.js";
import { invalidArgument } from "./invalid.js";
import { assertJsonObject } from "./json-value.js";
import {
  assertOptionalBoolean,
  assertOptionalChoice,
  assertOptionalInt,
  assertOptionsObject,
} from "./option-checks.js";
import { decodeSessionCursor, type SessionCursor } from "./session-cursor.js";

/** `GetSessionOptions` after validation, with defaults filled in. */
export interface NormalizedGetOptions {
  recentEvents: number | undefined;
  afterSeq: number | undefined;
  afterTimestamp: number | undefined;
  includeExpired: boolean;
}

/** Validates `getSession` options. @throws INVALID_ARGUMENT naming the bad option. */
export function normalizeGetOptions(
  options: GetSessionOptions | undefined,
  ctx: ErrorContext,
): NormalizedGetOptions {
  assertOptionsObject(
    options,
    "options",
    ["recentEvents", "afterSeq", "afterTimestamp", "includeExpired"],
    ctx,
  );
  const o = options ?? {};
  assertOptionalInt(o.recentEvents, "options.recentEvents", ctx);
  assertOptionalInt(o.afterSeq, "options.afterSeq", ctx);
  assertOptionalInt(o.afterTimestamp, "options.afterTimestamp", ctx);
  assertOptionalBoolean(o.includeExpired, "options.includeExpired", ctx);
  return {
    recentEvents: o.recentEvents,
    afterSeq: o.afterSeq,
    afterTimestamp: o.afterTimestamp,
    includeExpired: o.includeExpired === true,
  };
}

/** `ListEventsOptions` after validation, with defaults filled in. */
export interface NormalizedListEvents {
  afterSeq: number | undefined;
  beforeSeq: number | undefined;
  limit: number;
  order: "asc" | "desc";
  includeExpired: boolean;
}

/** Validates `listEvents` options. @throws INVALID_ARGUMENT naming the bad option. */
export function normalizeListEventsOptions(
  options: ListEventsOptions | undefined,
  ctx: ErrorContext,
): NormalizedListEvents {
  assertOptionsObject(
    options,
    "options",
    ["afterSeq", "beforeSeq", "limit", "order", "includeExpired"],
    ctx,
  );
  const o = options ?? {};
  assertOptionalInt(o.afterSeq, "options.afterSeq", ctx);
  assertOptionalInt(o.beforeSeq, "options.beforeSeq", ctx);
  assertOptionalInt(o.limit, "options.limit", ctx, 1, 1000);
  assertOptionalChoice(o.order, "options.order", ["asc", "desc"] as const, ctx);
  assertOptionalBoolean(o.includeExpired, "options.includeExpired", ctx);
  return {
    afterSeq: o.afterSeq,
    beforeSeq: o.beforeSeq,
    limit: o.limit ?? 100,
    order: o.order ?? "asc",
    includeExpired: o.includeExpired === true,
  };
}

/** `ListSessionsOptions` after validation, with defaults filled in and the cursor decoded. */
export interface NormalizedListSessions {
  appName: string;
  userId: string | undefined;
  status: SessionStatus | "all";
  updatedAfter: number | undefined;
  updatedBefore: number | undefined;
  metadata: JsonObject | undefined;
  orderBy: SessionOrderBy;
  order: "asc" | "desc";
  limit: number;
  /** Fingerprint of filters and order; cursors are bound to it. */
  query: string;
  cursor: SessionCursor | undefined;
  onCorrupt: CorruptHandler | undefined;
}

/**
 * Validates `listSessions` options and decodes the cursor, checking it belongs to this query.
 * @throws INVALID_ARGUMENT naming the bad option, or for a forged or foreign cursor.
 */
export function normalizeListSessionsOptions(
  options: ListSessionsOptions,
  ctx: ErrorContext,
): NormalizedListSessions {
  if (options === undefined)
    throw invalidArgument(ctx, "options", "is required (at least { appName })");
  assertOptionsObject(
    options,
    "options",
    [
      "appName",
      "userId",
      "status",
      "updatedAfter",
      "updatedBefore",
      "metadata",
      "orderBy",
      "order",
      "limit",
      "cursor",
      "onCorrupt",
    ],
    ctx,
  );
  assertOptionalHandler(options.onCorrupt, "options.onCorrupt", ctx);
  assertId(options.appName, "options.appName", ctx);
  if (options.userId !== undefined) assertId(options.userId, "options.userId", ctx);
  assertOptionalChoice(
    options.status,
    "options.status",
    ["active", "expired", "all"] as const,
    ctx,
  );
  assertOptionalInt(options.updatedAfter, "options.updatedAfter", ctx);
  assertOptionalInt(options.updatedBefore, "options.updatedBefore", ctx);
  if (options.metadata !== undefined) assertJsonObject(options.metadata, "options.metadata", ctx);
  assertOptionalChoice(
    options.orderBy,
    "options.orderBy",
    ["updatedAt", "createdAt", "id"] as const,
    ctx,
  );
  assertOptionalChoice(options.order, "options.order", ["asc", "desc"] as const, ctx);
  assertOptionalInt(options.limit, "options.limit", ctx, 1, 1000);
  const normalized = {
    appName: options.appName,
    userId: options.userId,
    status: options.status ?? "active",
    updatedAfter: options.updatedAfter,
    updatedBefore: options.updatedBefore,
    metadata: options.metadata,
    orderBy: options.orderBy ?? "updatedAt",
    order: options.order ?? "desc",
    limit: options.limit ?? 50,
  } as const;
  const query = fingerprint(
    canonicalJson({
      ...normalized,
      limit: null,
      userId: normalized.userId ?? null,
      updatedAfter: normalized.updatedAfter ?? null,
      updatedBefore: normalized.updatedBefore ?? null,
      metadata: normalized.metadata ?? null,
    }),
  );
  const cursor =
    options.cursor === undefined ? undefined : decodeSessionCursor(options.cursor, query, ctx);
  if (cursor && (normalized.orderBy === "id") !== (typeof cursor.value === "string")) {
    throw invalidArgument(
      ctx,
      "options.cursor",
      "is damaged; pass the nextCursor of a previous page of the same query",
    );
  }
  return { ...normalized, query, cursor, onCorrupt: options.onCorrupt };
}

/** A short stable hash (FNV-1a, 32 bit, hex) of a text. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** `SearchOptions` after validation: the query split into terms, defaults filled in. */
export interface NormalizedSearch {
  appName: string;
  userId: string | undefined;
  sessionId: string | undefined;
  /** The query's terms (`searchQueryTerms`), at least one, no repeats. */
  terms: string[];
  order: SearchOrder;
  limit: number;
  onCorrupt: CorruptHandler | undefined;
}

/** Validates `searchEvents` options. @throws INVALID_ARGUMENT naming the bad option. */
export function normalizeSearchOptions(
  options: SearchOptions,
  ctx: ErrorContext,
): NormalizedSearch {
  if (options === undefined)
    throw invalidArgument(ctx, "options", "is required ({ appName, query })");
  assertOptionsObject(
    options,
    "options",
    ["appName", "userId", "sessionId", "query", "order", "limit", "onCorrupt"],
    ctx,
  );
  assertOptionalHandler(options.onCorrupt, "options.onCorrupt", ctx);
  assertId(options.appName, "options.appName", ctx);
  if (options.userId !== undefined) assertId(options.userId, "options.userId", ctx);
  if (options.sessionId !== undefined) assertId(options.sessionId, "options.sessionId", ctx);
  assertOptionalInt(options.limit, "options.limit", ctx, 1, 1000);
  if (typeof options.query !== "string")
    throw invalidArgument(ctx, "options.query", "must be a string");
  if (options.order !== undefined && options.order !== "relevance" && options.order !== "newest")
    throw invalidArgument(ctx, "options.order", 'must be "relevance" or "newest"');
  const terms = searchQueryTerms(options.query);
  if (terms.length === 0)
    throw invalidArgument(ctx, "options.query", "has no searchable word (letters or digits)");
  if (terms.length > 32) throw invalidArgument(ctx, "options.query", "has more than 32 terms");
  return {
    appName: options.appName,
    userId: options.userId,
    sessionId: options.sessionId,
    terms,
    order: options.order ?? "newest",
    limit: options.limit ?? 20,
    onCorrupt: options.onCorrupt,
  };
}

/** Validates `purgeExpired` options (default batch size 500). @throws INVALID_ARGUMENT. */
export function normalizePurgeOptions(options: PurgeOptions | undefined, ctx: ErrorContext) {
  assertOptionsObject(
    options,
    "options",
    ["expiredBefore", "batchSize", "signal", "onProgress"],
    ctx,
  );
  const o = options ?? {};
  assertOptionalInt(o.expiredBefore, "options.expiredBefore", ctx);
  assertOptionalInt(o.batchSize, "options.batchSize", ctx, 1, 100_000);
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw invalidArgument(ctx, "options.signal", "must be an AbortSignal");
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== "function") {
    throw invalidArgument(ctx, "options.onProgress", "must be a function");
  }
  return {
    expiredBefore: o.expiredBefore,
    batchSize: o.batchSize ?? 500,
    signal: o.signal,
    /** Called after every batch with the running total. */
    onProgress: o.onProgress,
  };
}

/** Validates `expireIdleSessions` options (`idleSince` is required). @throws INVALID_ARGUMENT. */
export function normalizeExpireIdleOptions(options: ExpireIdleOptions, ctx: ErrorContext) {
  if (options === undefined) throw invalidArgument(ctx, "options", "is required ({ idleSince })");
  assertOptionsObject(options, "options", ["idleSince", "appName"], ctx);
  if (options.idleSince === undefined)
    throw invalidArgument(ctx, "options.idleSince", "is required");
  assertOptionalInt(options.idleSince, "options.idleSince", ctx);
  if (options.appName !== undefined) assertId(options.appName, "options.appName", ctx);
  return { idleSince: options.idleSince, appName: options.appName };
}

/** Validates `watch` options. @throws INVALID_ARGUMENT naming the bad option. */
export function normalizeWatchOptions(options: WatchOptions | undefined, ctx: ErrorContext) {
  assertOptionsObject(options, "options", ["afterSeq", "signal"], ctx);
  const o = options ?? {};
  assertOptionalInt(o.afterSeq, "options.afterSeq", ctx);
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw invalidArgument(ctx, "options.signal", "must be an AbortSignal");
  }
  return { afterSeq: o.afterSeq, signal: o.signal };
}

/** Validates append options and returns `expectedRevision`. @throws INVALID_ARGUMENT. */
export function normalizeExpectedRevision(
  options: { expectedRevision?: number } | undefined,
  ctx: ErrorContext,
): number | undefined {
  assertOptionsObject(options, "options", ["expectedRevision"], ctx);
  assertOptionalInt(options?.expectedRevision, "options.expectedRevision", ctx);
  return options?.expectedRevision;
}

/** Validates `stats` options. @throws INVALID_ARGUMENT naming the bad option. */
export function normalizeStatsOptions(
  options: StatsOptions | undefined,
  ctx: ErrorContext,
): { onCorrupt: CorruptHandler | undefined } {
  assertOptionsObject(options, "options", ["onCorrupt"], ctx);
  assertOptionalHandler(options?.onCorrupt, "options.onCorrupt", ctx);
  return { onCorrupt: options?.onCorrupt };
}

function assertOptionalHandler(value: unknown, path: string, ctx: ErrorContext): void {
  if (value !== undefined && typeof value !== "function") {
    throw invalidArgument(ctx, path, "must be a function");
  }
}
