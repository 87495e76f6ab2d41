import type { ErrorContext } from "../errors/session-kit-error.js";
import { SessionKitError } from "../errors/session-kit-error.js";

/** Size limits in UTF-8 bytes of serialized JSON. */
export interface Limits {
  /** Whole event (content, delta, metadata, ids). Default 1 MiB. */
  maxEventBytes: number;
  /** One state value. Default 1 MiB. */
  maxStateValueBytes: number;
}

/** 1 MiB per event and per state value (UTF-8 bytes of the serialized JSON). */
export const defaultLimits: Limits = { maxEventBytes: 1 << 20, maxStateValueBytes: 1 << 20 };

/** Fills unset limits with the defaults and rejects nonsensical ones. */
export function resolveLimits(limits: Partial<Limits> | undefined): Limits {
  const resolved = { ...defaultLimits, ...limits };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new SessionKitError({
        code: "INVALID_ARGUMENT",
        adapter: "core",
        operation: "open",
        subject: `limits.${name}`,
        problem: `limits.${name} must be a positive integer, got ${String(value)}`,
      });
    }
  }
  return resolved;
}

/** Byte length of `json` in UTF-8. */
export function utf8Bytes(json: string): number {
  return Buffer.byteLength(json, "utf8");
}

/** Throws LIMIT naming `path` when `json` is larger than `limit` bytes. */
export function assertWithinLimit(
  json: string,
  limit: number,
  path: string,
  ctx: ErrorContext,
): void {
  // A UTF-16 string never takes more than 3 UTF-8 bytes per code unit: skip counting small ones.
  if (json.length * 3 <= limit) return;
  const bytes = utf8Bytes(json);
  if (bytes > limit) {
    throw new SessionKitError({
      ...ctx,
      code: "LIMIT",
      problem: `${path} is ${bytes} bytes of JSON; the limit is ${limit}`,
      path,
    });
  }
}
