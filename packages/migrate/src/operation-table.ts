import type {
  JsonValue,
  SessionKey,
  SessionOperationName,
  SessionOperations,
} from "@sessionkit/core";
import { keyOf } from "./keys.js";
import { getVisibleMeta, listVisibleMeta, setVisibleMeta } from "./reserved-meta.js";
import type { OperationTouches } from "./touches.js";

/** The arguments of one contract operation. */
type Args<N extends SessionOperationName> = Parameters<SessionOperations[N]>;

/** What one contract operation resolves to. */
type Result<N extends SessionOperationName> = Awaited<ReturnType<SessionOperations[N]>>;

/** One name per position of the tuple `T`, optional positions included. */
type Names<T extends readonly unknown[]> = { readonly [I in keyof T]-?: string };

/** What every row says about its operation. */
interface RowBase<N extends SessionOperationName> {
  /**
   * The operation's parameter names, one per position: a call forwards exactly this many
   * arguments, and a shadow-read mismatch records them as `{ name: value }` (null when none).
   */
  params: Names<Args<N>>;
  /** Runs the operation on a store instead of calling the store's method of the same name. */
  run?: (ops: SessionOperations, ...args: Args<N>) => Promise<Result<N>>;
}

/**
 * A read: runs on the primary store; in dual-write a sampled fraction is shadow-compared with the
 * target, in target-primary an unavailable target may fall back to legacy.
 */
export interface ReadRow<N extends SessionOperationName> extends RowBase<N> {
  kind: "read";
  /**
   * The one session the read concerns: a fallback read then needs only that session's legacy
   * copy intact. Without it a fallback needs the whole legacy copy intact.
   */
  session?: (...args: Args<N>) => SessionKey;
  /** False: never shadow-compared (results legitimately differ between the stores). */
  shadow?: false;
}

/**
 * A write: runs on the primary store; what it changed there (recorded by `touch` after it
 * succeeded) is then copied to the secondary store in the mirrored phases.
 */
export interface WriteRow<N extends SessionOperationName> extends RowBase<N> {
  kind: "write";
  /** Records what the successful call changed, from its arguments and its result. */
  touch: (touched: OperationTouches, args: Args<N>, result: Result<N>) => void;
}

/** How the phased repository routes one contract operation. */
export type OperationRow<N extends SessionOperationName> = ReadRow<N> | WriteRow<N>;

/**
 * Every contract operation as the phased repository routes it: a read or a write, its
 * parameters, and for a write what it changes (which the mirror copies to the other store). The
 * type demands one row per name in `sessionOperationNames`, so a new contract operation cannot
 * compile without its row here.
 */
export const operationTable: { readonly [N in SessionOperationName]: OperationRow<N> } = {
  createSession: {
    kind: "write",
    params: ["key", "options"],
    touch: (touched, [, options], session) => {
      const key = keyOf(session);
      touched.session(key);
      touched.delta(key, options?.state);
    },
  },
  getSession: { kind: "read", params: ["key", "options"], session: (key) => key },
  getOrCreateSession: {
    kind: "write",
    params: ["key", "options"],
    // Only a created session changed anything: an existing one was read, not written.
    touch: (touched, [, options], { session, created }) => {
      if (!created) return;
      const key = keyOf(session);
      touched.session(key);
      touched.delta(key, options?.state);
    },
  },
  appendEvent: {
    kind: "write",
    params: ["key", "event", "options"],
    touch: (touched, [key, event]) => {
      // Partial events are never stored, so there is nothing to copy.
      if (event?.partial) return;
      touched.session(key);
      touched.delta(key, event?.stateDelta);
    },
  },
  appendEvents: {
    kind: "write",
    params: ["key", "events", "options"],
    touch: (touched, [key, events]) => {
      const durable = events.filter((e) => !e?.partial);
      if (durable.length > 0) touched.session(key);
      for (const e of durable) touched.delta(key, e.stateDelta);
    },
  },
  listEvents: { kind: "read", params: ["key", "options"], session: (key) => key },
  listSessions: { kind: "read", params: ["options"] },
  deleteSession: {
    kind: "write",
    params: ["key"],
    // Mirrored even when nothing was deleted here: the secondary may still hold a stale copy.
    touch: (touched, [key]) => touched.session(key, "replace"),
  },
  updateState: {
    kind: "write",
    params: ["key", "delta", "options"],
    touch: (touched, [key, delta]) => {
      touched.session(key);
      touched.delta(key, delta);
    },
  },
  getUserState: { kind: "read", params: ["scope"] },
  getAppState: { kind: "read", params: ["scope"] },
  expireSession: {
    kind: "write",
    params: ["key"],
    touch: (touched, [key], changed) => {
      if (changed) touched.session(key);
    },
  },
  expireIdleSessions: {
    kind: "write",
    params: ["options"],
    touch: (touched, [options], count) => {
      if (count > 0) touched.expireIdle(options);
    },
  },
  // Not shadow-compared: relevance order legitimately differs between scan and full-text search.
  searchEvents: { kind: "read", params: ["options"], shadow: false },
  readSnapshot: { kind: "read", params: ["key"], session: (key) => key },
  writeSnapshot: {
    kind: "write",
    params: ["snapshot", "options"],
    touch: (touched, [snapshot, options], result) => {
      if (result !== "written") return;
      touched.session(keyOf(snapshot), options.mode === "replace" ? "replace" : "if-newer");
    },
  },
  scanSessions: { kind: "read", params: ["options"] },
  listStateScopes: { kind: "read", params: [] },
  writeScopedState: {
    kind: "write",
    params: ["scope", "state"],
    touch: (touched, [scope]) => touched.scope(scope),
  },
  getMeta: { kind: "read", params: ["name"], run: getVisibleMeta },
  setMeta: {
    kind: "write",
    params: ["name", "value"],
    run: setVisibleMeta,
    touch: (touched, [name]) => touched.meta(name),
  },
  listMeta: { kind: "read", params: ["prefix", "options"], run: listVisibleMeta },
};

/**
 * A row with its operation's types erased, for code that handles every operation alike (the
 * arguments arrive as `unknown[]`); the fields mean what they mean in {@link ReadRow} and
 * {@link WriteRow}.
 */
export interface AnyOperationRow {
  kind: "read" | "write";
  params: readonly string[];
  run?: (ops: SessionOperations, ...args: unknown[]) => Promise<unknown>;
  session?: (...args: unknown[]) => SessionKey;
  shadow?: false;
  touch?: (touched: OperationTouches, args: unknown[], result: unknown) => void;
}

/** The row of `operation`, typed for calls with arguments that arrived as `unknown[]`. */
export function operationRow(operation: SessionOperationName): AnyOperationRow {
  return operationTable[operation] as unknown as AnyOperationRow;
}

/** A call's arguments as the row's parameters: exactly `params.length` of them. */
export function fixArity(row: AnyOperationRow, args: readonly unknown[]): unknown[] {
  return row.params.map((_, i) => args[i]);
}

/**
 * A read's arguments by parameter name as JSON, for a shadow-mismatch record: null when it has
 * none, undefined fields dropped.
 */
export function argsRecord(row: AnyOperationRow, args: readonly unknown[]): JsonValue {
  if (row.params.length === 0) return null;
  try {
    return JSON.parse(JSON.stringify(Object.fromEntries(row.params.map((p, i) => [p, args[i]]))));
  } catch {
    return "(arguments not serializable)";
  }
}
