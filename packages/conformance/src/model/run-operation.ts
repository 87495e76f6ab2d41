import type {
  JsonObject,
  JsonValue,
  NewEvent,
  SessionKey,
  SessionRepository,
} from "@sessionkit/core";
import { normalizeEvent, normalizeSession } from "./normalize.js";
import { APP, type EventSpec, type Operation } from "./operations.js";

/** Far enough ahead that every session counts as idle. */
const FAR_FUTURE = 8_640_000_000_000_000;

/** What one operation does, as a call that works on either repository. */
export type Call = (repository: SessionRepository) => Promise<JsonValue>;

const key = (user: string, session: string): SessionKey => ({
  appName: APP,
  userId: user,
  sessionId: session,
});

function toEvent(spec: EventSpec): NewEvent {
  return {
    ...(spec.id === null ? {} : { id: spec.id }),
    author: spec.author,
    content: spec.invalid
      ? ({ text: spec.text, at: new Date(0) } as unknown as JsonValue)
      : { text: spec.text },
    ...(spec.delta === null ? {} : { stateDelta: spec.delta }),
    timestamp: spec.timestamp,
  };
}

const revisionOption = (expectedRevision: number | null) =>
  expectedRevision === null ? undefined : { expectedRevision };

/**
 * Turns a random operation sequence into calls. Stateful only in what the sequence itself
 * decides (the last appended event, for retries), so both repositories get identical calls.
 */
export class OperationPlanner {
  private last: { key: SessionKey; event: NewEvent } | null = null;

  plan(operation: Operation): Call {
    switch (operation.op) {
      case "create": {
        const k = key(operation.user, operation.session);
        const options = {
          ...(operation.state === null ? {} : { state: operation.state }),
          metadata: (operation.tier === null ? {} : { tier: operation.tier }) as JsonObject,
        };
        return async (r) => normalizeSession(await r.createSession(k, options));
      }
      case "append": {
        const k = key(operation.user, operation.session);
        const event = toEvent(operation.event);
        this.last = { key: k, event };
        const options = revisionOption(operation.expectedRevision);
        return async (r) => normalizeEvent(await r.appendEvent(k, event, options));
      }
      case "appendBatch": {
        const k = key(operation.user, operation.session);
        const events = operation.events.map(toEvent);
        const lastEvent = events.at(-1);
        if (lastEvent) this.last = { key: k, event: lastEvent };
        const options = revisionOption(operation.expectedRevision);
        return async (r) => (await r.appendEvents(k, events, options)).map(normalizeEvent);
      }
      case "retryLast": {
        const last = this.last;
        if (!last) return async () => "nothing to retry";
        const { timestamp, ...rest } = last.event;
        const event: NewEvent = {
          ...rest,
          ...(operation.dropTimestamp ? {} : { timestamp }),
          ...(operation.changeText ? { content: { text: "changed" } } : {}),
        };
        return async (r) => normalizeEvent(await r.appendEvent(last.key, event));
      }
      case "updateState": {
        const k = key(operation.user, operation.session);
        const options = revisionOption(operation.expectedRevision);
        return async (r) => normalizeEvent(await r.updateState(k, operation.delta, options));
      }
      case "get": {
        const k = key(operation.user, operation.session);
        const options = {
          ...(operation.recentEvents === null ? {} : { recentEvents: operation.recentEvents }),
          ...(operation.afterSeq === null ? {} : { afterSeq: operation.afterSeq }),
          ...(operation.afterTimestamp === null
            ? {}
            : { afterTimestamp: operation.afterTimestamp }),
          includeExpired: operation.includeExpired,
        };
        return async (r) => normalizeSession(await r.getSession(k, options));
      }
      case "listEvents": {
        const k = key(operation.user, operation.session);
        const options = {
          order: operation.order,
          limit: operation.limit,
          ...(operation.afterSeq === null
            ? {}
            : operation.order === "asc"
              ? { afterSeq: operation.afterSeq }
              : { beforeSeq: operation.afterSeq + 1 }),
        };
        return async (r) => {
          const page = await r.listEvents(k, options);
          return { events: page.events.map(normalizeEvent), nextSeq: page.nextSeq };
        };
      }
      case "list": {
        const base = {
          appName: APP,
          ...(operation.user === null ? {} : { userId: operation.user }),
          status: operation.status,
          orderBy: "id" as const,
          order: operation.order,
          limit: operation.limit,
          ...(operation.tier === null ? {} : { metadata: { tier: operation.tier } as JsonObject }),
        };
        return async (r) => {
          const pages: JsonValue[] = [];
          let cursor: string | undefined;
          for (let guard = 0; guard < 50; guard++) {
            const page = await r.listSessions({ ...base, cursor });
            pages.push(page.sessions.map(normalizeSession));
            if (page.nextCursor === null) break;
            cursor = page.nextCursor;
          }
          return pages;
        };
      }
      case "expire": {
        const k = key(operation.user, operation.session);
        return async (r) => r.expireSession(k);
      }
      case "expireIdle": {
        const idleSince = operation.everything ? FAR_FUTURE : 0;
        return async (r) => r.expireIdleSessions({ idleSince, appName: APP });
      }
      case "delete": {
        const k = key(operation.user, operation.session);
        return async (r) => r.deleteSession(k);
      }
      case "scopes": {
        const scope = { appName: APP, userId: operation.user };
        return async (r) => ({
          user: await r.getUserState(scope),
          app: await r.getAppState({ appName: APP }),
        });
      }
    }
  }
}
