import type { SessionSnapshot } from "../contract/session.js";
import type { ErrorContext } from "../errors/session-kit-error.js";
import { assertId, idProblem } from "./ids.js";
import { invalidArgument } from "./invalid.js";
import { assertJsonObject, assertJsonValue } from "./json-value.js";
import { assertOptionalInt, assertOptionsObject } from "./option-checks.js";

function assertInt(value: unknown, path: string, ctx: ErrorContext, min = 0): void {
  if (value === undefined) throw invalidArgument(ctx, path, "is required");
  assertOptionalInt(value, path, ctx, min);
}

/** The path of field `field` of the snapshot's event `i`, e.g. `snapshot.events[3].id`. */
function eventPath(i: number, field: string): string {
  return `snapshot.events[${i}]${field}`;
}

/** {@link assertId} for an event's field, with the path built only when it fails. */
function checkEventId(value: unknown, i: number, field: string, ctx: ErrorContext): void {
  const problem = idProblem(value);
  if (problem !== undefined) throw invalidArgument(ctx, eventPath(i, field), problem);
}

/**
 * Validates a whole-session snapshot for import: ids, JSON parts, seqs 1..lastSeq gapless and
 * ascending, unique event ids, consistent status and expiredAt.
 */
export function assertSnapshot(
  snapshot: unknown,
  ctx: ErrorContext,
): asserts snapshot is SessionSnapshot {
  if (snapshot === null || typeof snapshot !== "object")
    throw invalidArgument(ctx, "snapshot", "must be an object");
  const s = snapshot as SessionSnapshot;
  assertId(s.appName, "snapshot.appName", ctx);
  assertId(s.userId, "snapshot.userId", ctx);
  assertId(s.id, "snapshot.id", ctx);
  if (s.status !== "active" && s.status !== "expired") {
    throw invalidArgument(ctx, "snapshot.status", 'must be "active" or "expired"');
  }
  assertJsonObject(s.metadata, "snapshot.metadata", ctx);
  assertJsonObject(s.state, "snapshot.state", ctx);
  assertInt(s.createdAt, "snapshot.createdAt", ctx);
  assertInt(s.updatedAt, "snapshot.updatedAt", ctx);
  if (s.status === "expired") assertInt(s.expiredAt, "snapshot.expiredAt", ctx);
  else if (s.expiredAt !== null)
    throw invalidArgument(ctx, "snapshot.expiredAt", "must be null for an active session");
  assertInt(s.revision, "snapshot.revision", ctx, 1);
  assertInt(s.lastSeq, "snapshot.lastSeq", ctx);
  if (!Array.isArray(s.events)) throw invalidArgument(ctx, "snapshot.events", "must be an array");
  if (s.events.length !== s.lastSeq) {
    throw invalidArgument(
      ctx,
      "snapshot.events",
      `has ${s.events.length} events but lastSeq is ${s.lastSeq}`,
    );
  }
  const ids = new Set<string>();
  s.events.forEach((e, i) => {
    // Paths are built only for an error: this loop runs for every event of a backfill.
    if (e === null || typeof e !== "object")
      throw invalidArgument(ctx, eventPath(i, ""), "must be an event object");
    if (e.seq !== i + 1)
      throw invalidArgument(
        ctx,
        eventPath(i, ".seq"),
        `must be ${i + 1} (seqs are gapless from 1)`,
      );
    checkEventId(e.id, i, ".id", ctx);
    if (ids.has(e.id))
      throw invalidArgument(ctx, eventPath(i, ".id"), "repeats an earlier event id");
    ids.add(e.id);
    checkEventId(e.author, i, ".author", ctx);
    if (e.invocationId !== undefined) checkEventId(e.invocationId, i, ".invocationId", ctx);
    if (e.content === undefined)
      throw invalidArgument(ctx, eventPath(i, ".content"), "is undefined");
    assertJsonValue(e.content, eventPath(i, ".content"), ctx);
    if (e.stateDelta !== undefined)
      assertJsonObject(e.stateDelta, eventPath(i, ".stateDelta"), ctx);
    if (e.metadata !== undefined) assertJsonObject(e.metadata, eventPath(i, ".metadata"), ctx);
    if (!Number.isSafeInteger(e.timestamp) || e.timestamp < 0)
      assertInt(e.timestamp, eventPath(i, ".timestamp"), ctx);
  });
}

/** Metadata names: like ids, at most 256 characters, no control characters. */
export function assertMetaName(
  name: unknown,
  path: string,
  ctx: ErrorContext,
): asserts name is string {
  assertId(name, path, ctx);
}

/** Validates writeSnapshot's options and returns the mode. */
export function normalizeWriteSnapshotMode(
  options: unknown,
  ctx: ErrorContext,
): "replace" | "if-newer" {
  assertOptionsObject(options, "options", ["mode"], ctx);
  const mode = (options as { mode?: unknown } | undefined)?.mode;
  if (mode !== "replace" && mode !== "if-newer") {
    throw invalidArgument(ctx, "options.mode", 'must be "replace" or "if-newer"');
  }
  return mode;
}
