import type { JsonValue, MetaEntry, SessionEvent, SessionKey } from "@sessionkit/core";
import { all, get, run, type SqlWork } from "../driver/sql-work.js";
import { type EventRow, rowToEvent, type SessionRow } from "./rows.js";
import type { SessionEngine } from "./session-engine.js";
import { keyParams } from "./session-keys.js";

/** The work of {@link SessionEngine.getMeta}. */
export function* getMeta(engine: SessionEngine, name: string): SqlWork<JsonValue | null> {
  const { meta } = engine.dialect;
  const row = yield* get<{ value: string }>(meta.selectMeta, [name]);
  return row ? (JSON.parse(row.value) as JsonValue) : null;
}

/** The work of {@link SessionEngine.setMeta}. */
export function* setMeta(
  engine: SessionEngine,
  name: string,
  value: JsonValue | null,
): SqlWork<void> {
  const { meta } = engine.dialect;
  if (value === null) yield* run(meta.deleteMeta, [name]);
  else yield* run(meta.upsertMeta, [name, JSON.stringify(value)]);
}

/** The work of {@link SessionEngine.listMeta}. */
export function* listMeta(
  engine: SessionEngine,
  prefix: string,
  after: string | undefined,
  limit: number,
): SqlWork<MetaEntry[]> {
  const { meta } = engine.dialect;
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
export function* lastSeqOf(engine: SessionEngine, key: SessionKey): SqlWork<number | null> {
  const { sessions: ses } = engine.dialect;
  const row = yield* get<SessionRow>(ses.selectSessionByKey, keyParams(key));
  return row ? Number(row.last_seq) : null;
}

/** The work of {@link SessionEngine.watchStart}. */
export function* watchStart(
  engine: SessionEngine,
  key: SessionKey,
): SqlWork<{ lastSeq: number; lastPartialId: number } | null> {
  const { partials } = engine.dialect;
  const lastSeq = yield* engine.lastSeqOf(key);
  if (lastSeq === null) return null;
  const row = yield* get<{ id: number }>(partials.selectLastPartialEventId, []);
  return { lastSeq, lastPartialId: Number(row?.id ?? 0) };
}

/** The work of {@link SessionEngine.changesAfter}. */
export function* changesAfter(
  engine: SessionEngine,
  key: SessionKey,
  afterSeq: number,
  afterPartialId: number,
): SqlWork<{ events: SessionEvent[]; partials: Array<[number, SessionEvent]> } | null> {
  const { events: ev, sessions: ses, partials } = engine.dialect;
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
