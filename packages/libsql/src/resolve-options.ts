import type { ErrorContext } from "@sessionkit/core";
import {
  assertOptionalBoolean,
  assertOptionalChoice,
  assertOptionalInt,
  invalidArgument,
} from "@sessionkit/core/adapter-kit";
import { type ResolvedSqlAdapterOptions, resolveSqlAdapterOptions } from "@sessionkit/sql";
import type { LibsqlRepositoryOptions } from "./options.js";

/**
 * Default deadline of a remote request. The server's own write-transaction timeout is 5 s, so a
 * write queued behind a stolen lock still finishes well inside it.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

/** {@link LibsqlRepositoryOptions} after validation and defaults. */
export interface ResolvedLibsqlOptions extends ResolvedSqlAdapterOptions {
  url: string;
  authToken: string | undefined;
  syncUrl: string | undefined;
  syncIntervalSeconds: number | undefined;
  embeddedDriver: "native" | "client";
  requestTimeoutMs: number;
  backgroundCheckpoint: boolean;
}

const OWN_NAMES = [
  "url",
  "authToken",
  "syncUrl",
  "syncIntervalSeconds",
  "embeddedDriver",
  "requestTimeoutMs",
  "backgroundCheckpoint",
] as const;

/** Validates every option (shared SQL ones and libSQL's own) and fills the defaults. */
export function resolveLibsqlOptions(options: unknown, ctx: ErrorContext): ResolvedLibsqlOptions {
  if (options === null || typeof options !== "object") {
    throw invalidArgument(ctx, "options", "must be an object with a url");
  }
  const shared = resolveSqlAdapterOptions(options, OWN_NAMES, ctx);
  const o = options as LibsqlRepositoryOptions;
  for (const name of ["url", "authToken", "syncUrl"] as const) {
    if (o[name] !== undefined && typeof o[name] !== "string") {
      throw invalidArgument(ctx, `options.${name}`, "must be a string");
    }
  }
  assertOptionalInt(o.syncIntervalSeconds, "options.syncIntervalSeconds", ctx, 1, 86_400);
  assertOptionalBoolean(o.backgroundCheckpoint, "options.backgroundCheckpoint", ctx);
  assertOptionalChoice(o.embeddedDriver, "options.embeddedDriver", ["native", "client"], ctx);
  if (
    o.requestTimeoutMs !== undefined &&
    (typeof o.requestTimeoutMs !== "number" ||
      !Number.isSafeInteger(o.requestTimeoutMs) ||
      o.requestTimeoutMs < 1)
  ) {
    throw invalidArgument(
      ctx,
      "options.requestTimeoutMs",
      `must be a positive whole number of milliseconds (default ${DEFAULT_REQUEST_TIMEOUT_MS}), got ${JSON.stringify(o.requestTimeoutMs) ?? String(o.requestTimeoutMs)}`,
    );
  }
  return {
    ...shared,
    url: o.url,
    authToken: o.authToken,
    syncUrl: o.syncUrl,
    syncIntervalSeconds: o.syncIntervalSeconds,
    embeddedDriver: o.embeddedDriver ?? "native",
    requestTimeoutMs: o.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    backgroundCheckpoint: o.backgroundCheckpoint ?? true,
  };
}
