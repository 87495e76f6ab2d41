import type { JsonValue, MetaEntry, SessionEvent, SessionKey } from "@sessionkit/core";
import { all, get, run, type SqlWork } from "../driver/sql-work.js";
import * as ev from "../statements/event-statements.js";
import * as meta from "../statements/meta-statements.js";
import * as partials from "../statements/partial-event-statements.js";
import * as ses from "../statements/session-statements.js";
import { type EventRow, rowToEvent, type SessionRow } from "./rows.js";
import type { SessionEngine } from "./session-engine.js";
import { keyParams } from "./session-keys.js";

/** The work of {@link SessionEngine.getMeta}. */
export function* getMeta(_engine: SessionEngine, name: string): SqlWork<JsonValue | null> {
  const row = yield* get<{ value: string }>(meta.selectMeta, [name]);
  return row ? (JSON.parse(row.value) as JsonValue) : null;
}

/** The work of {@link SessionEngine.setMeta}. */
export function* setMeta(
  _engine: SessionEngine,
  name: string,
  value: JsonValue | null,
): SqlWork<void> {
  if (value === null) yield* run(meta.deleteMeta, [name]);
  else yield* run(meta.upsertMeta, [name, JSON.stringify(value)]);
}

/** The work of {@link SessionEngine.listMeta}. */
export function* listMeta(
  _engine: SessionEngine,
  prefix: string,
  after: string | undefined,
  limit: number,
): SqlWork<MetaEntry[]> {
  const rows = yield* all<{ name: string; value: string }>(meta.listMetaByPrefix, [
    after ?? "",
    prefix,
    prefix,
    prefix,
    limit,
  ]);
  return rows.map((r) => ({ name: r.name, value: JSON.parse(r.value) as JsonValue }));
}

/** The work of {@link SessionEngine.lastSeqOf}. */
export function* lastSeqOf(_engine: SessionEngine, key: SessionKey): SqlWork<number | null> {
  const row = yield* get<SessionRow>(ses.selectSessionByKey, keyParams(key));
  return row ? Number(row.last_seq) : null;
}

/** The work of {@link SessionEngine.watchStart}. */
export function* watchStart(
  engine: SessionEngine,
  key: SessionKey,
): SqlWork<{ lastSeq: number; lastPartialId: number } | null> {
  const lastSeq = yield* engine.lastSeqOf(key);
  if (lastSeq === null) return null;
  const row = yield* get<{ id: number }>(partials.selectLastPartialEventId, []);
  return { lastSeq, lastPartialId: Number(row?.id ?? 0) };
}

/** The work of {@link SessionEngine.changesAfter}. */
export function* changesAfter(
  _engine: SessionEngine,
  key: SessionKey,
  afterSeq: number,
  afterPartialId: number,
): SqlWork<{ events: SessionEvent[]; partials: Array<[number, SessionEvent]> } | null> {
  const row = yield* get<SessionRow>(ses.selectSessionByKey, keyParams(key));
  if (!row) return null;
  const events =
    Number(row.last_seq) <= afterSeq
      ? []
      : (yield* all<EventRow>(ev.selectRecentEvents(false, false), [row.pk, afterSeq])).map(
          rowToEvent,
        );
  const kept = yield* all<{ id: number; event: string }>(partials.selectPartialEventsAfter, [
    row.pk,
    afterPartialId,
  ]);
  return {
    events,
    partials: kept.map((r) => [Number(r.id), JSON.parse(r.event) as SessionEvent]),
  };
}
