import type { JsonObject } from "../contract/json.js";
import type { SessionStatus } from "../contract/session.js";
import type { SessionEvent } from "../contract/session-event.js";

/** One stored session. Events and JSON parts are kept as JSON text, so callers never share objects. */
export interface MemorySession {
  appName: string;
  userId: string;
  id: string;
  status: SessionStatus;
  metadataJson: string;
  /** Session-scoped state. Replaced (never mutated) on every change. */
  state: JsonObject;
  createdAt: number;
  updatedAt: number;
  expiredAt: number | null;
  revision: number;
  /** Serialized SessionEvent, index = seq - 1. */
  events: string[];
  /** Event id → seq. */
  eventSeqById: Map<string, number>;
}

/** The whole content of a MemoryRepository: what a transaction snapshots and restores. */
export interface MemoryState {
  sessions: Map<string, MemorySession>;
  /** app → app state. */
  appState: Map<string, JsonObject>;
  /** userKey(app, user) → user state. */
  userState: Map<string, JsonObject>;
  meta: Map<string, string>;
}

export const sessionKeyOf = (appName: string, userId: string, id: string): string =>
  JSON.stringify([appName, userId, id]);

export const userKeyOf = (appName: string, userId: string): string =>
  JSON.stringify([appName, userId]);

export function emptyMemoryState(): MemoryState {
  return { sessions: new Map(), appState: new Map(), userState: new Map(), meta: new Map() };
}

/** A copy deep enough to restore after a rolled-back transaction. */
export function cloneMemoryState(state: MemoryState): MemoryState {
  const sessions = new Map<string, MemorySession>();
  for (const [key, s] of state.sessions) {
    sessions.set(key, { ...s, events: [...s.events], eventSeqById: new Map(s.eventSeqById) });
  }
  return {
    sessions,
    appState: new Map(state.appState),
    userState: new Map(state.userState),
    meta: new Map(state.meta),
  };
}

/** Parses a stored event. */
export function readEvent(json: string): SessionEvent {
  return JSON.parse(json) as SessionEvent;
}
