import type { ErrorContext } from "../errors/session-kit-error.js";
import { invalidArgument } from "./invalid.js";

/** The position a listing page ended at, bound to the query that produced it. */
export interface SessionCursor {
  /** Fingerprint of the filters and order of the query. */
  query: string;
  /** Sort value of the last row: a number for updatedAt/createdAt, the id for "id". */
  value: number | string;
  userId: string;
  id: string;
}

const PREFIX = "sk1.";

/** Opaque text for a cursor. */
export function encodeSessionCursor(cursor: SessionCursor): string {
  return (
    PREFIX +
    Buffer.from(JSON.stringify([cursor.query, cursor.value, cursor.userId, cursor.id])).toString(
      "base64url",
    )
  );
}

/**
 * Decodes a cursor and checks it belongs to `query`.
 * @throws INVALID_ARGUMENT for forged, damaged or foreign cursors.
 */
export function decodeSessionCursor(
  text: unknown,
  query: string,
  ctx: ErrorContext,
): SessionCursor {
  const bad = (why: string) =>
    invalidArgument(
      ctx,
      "options.cursor",
      `${why}; pass the nextCursor of a previous page of the same query`,
    );
  if (typeof text !== "string" || !text.startsWith(PREFIX)) throw bad("is not a sessionkit cursor");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text.slice(PREFIX.length), "base64url").toString("utf8"));
  } catch {
    throw bad("is damaged");
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    typeof parsed[0] !== "string" ||
    !(
      typeof parsed[1] === "string" ||
      (typeof parsed[1] === "number" && Number.isFinite(parsed[1]))
    ) ||
    typeof parsed[2] !== "string" ||
    typeof parsed[3] !== "string"
  ) {
    throw bad("is damaged");
  }
  if (parsed[0] !== query) throw bad("belongs to a different query (filters or order changed)");
  return { query: parsed[0], value: parsed[1], userId: parsed[2], id: parsed[3] };
}
