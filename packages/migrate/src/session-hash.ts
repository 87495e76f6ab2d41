import { createHash } from "node:crypto";
import type { JsonObject, JsonValue, SessionEvent, SessionSnapshot } from "@sessionkit/core";
import { canonicalJson } from "@sessionkit/core/adapter-kit";

/**
 * The snapshot as plain JSON with only defined fields, so two stores that hold the same data
 * always give the same canonical text (an absent optional field and `undefined` are the same).
 */
export function canonicalSnapshot(snapshot: SessionSnapshot): JsonObject {
  return {
    appName: snapshot.appName,
    userId: snapshot.userId,
    id: snapshot.id,
    status: snapshot.status,
    metadata: snapshot.metadata,
    state: snapshot.state,
    createdAt: snapshot.createdAt,
    updatedAt: snapshot.updatedAt,
    expiredAt: snapshot.expiredAt,
    revision: snapshot.revision,
    lastSeq: snapshot.lastSeq,
    events: snapshot.events.map(canonicalEvent),
  };
}

function canonicalEvent(event: SessionEvent): JsonObject {
  const out: JsonObject = {
    id: event.id,
    seq: event.seq,
    author: event.author,
    content: event.content,
    timestamp: event.timestamp,
  };
  if (event.invocationId !== undefined) out.invocationId = event.invocationId;
  if (event.stateDelta !== undefined) out.stateDelta = event.stateDelta;
  if (event.metadata !== undefined) out.metadata = event.metadata;
  return out;
}

/**
 * The content hash of a session used by verify, shadow reads and repair: sha256 of the
 * canonical JSON (core's `canonicalJson`) of the session record, its events and its
 * session-scoped state.
 */
export function snapshotHash(snapshot: SessionSnapshot): string {
  return sha256(canonicalJson(canonicalSnapshot(snapshot)));
}

/** Hash of any JSON value (scoped state, read results) through the same canonical form. */
export function jsonHash(value: JsonValue): string {
  return sha256(canonicalJson(value));
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The first path at which two JSON values differ, for mismatch reports, e.g.
 * `events[3].content.text`; null when equal.
 */
export function firstDifference(a: unknown, b: unknown, path = ""): string | null {
  if (a === b) return null;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    return canonicalJson(a as JsonValue) === canonicalJson(b as JsonValue)
      ? null
      : path || "(root)";
  }
  if (Array.isArray(a) !== Array.isArray(b)) return path || "(root)";
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of [...keys].sort()) {
    const av = Object.hasOwn(ao, k) ? ao[k] : undefined;
    const bv = Object.hasOwn(bo, k) ? bo[k] : undefined;
    if (av === undefined && bv === undefined) continue;
    const d = firstDifference(av, bv, path ? `${path}.${k}` : k);
    if (d) return d;
  }
  return null;
}
