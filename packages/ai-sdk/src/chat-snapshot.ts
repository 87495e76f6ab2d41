import type { Session, SessionEvent } from "@sessionkit/core";
import type { UIMessage } from "ai";
import { contentOfType, MESSAGE_EVENT, TRUNCATE_EVENT } from "./chat-events.js";

/**
 * A chat as its events fold, at one point of its log. Immutable: `advance` returns a new
 * snapshot, so concurrent readers of a cached snapshot never see each other's updates. It keeps
 * each message twice — as an object, for saves to compare against without serialising, and as
 * JSON text, for readers' copies (parsing is cheaper than a structured clone) — and hands out
 * neither.
 */
export class ChatSnapshot {
  private constructor(
    /** The session's `createdAt`: a chat deleted and created again is another log. */
    readonly createdAt: number,
    /** Seq of the last event folded in (0: none). */
    readonly lastSeq: number,
    /** Id of that event, to recognise the log when reading on from it. */
    readonly lastEventId: string | null,
    /** Message ids in chat order. */
    readonly ids: readonly string[],
    /** The stored messages in chat order (plain JSON, never handed out): what saves compare. */
    readonly stored: readonly UIMessage[],
    /** `JSON.stringify` of each stored message: what readers get copies from. */
    private readonly texts: readonly string[],
  ) {}

  /** The empty chat of a session created at `createdAt`. */
  static empty(createdAt: number): ChatSnapshot {
    return new ChatSnapshot(createdAt, 0, null, [], [], []);
  }

  /** Folds a whole session read with all its events. */
  static fromSession(session: Session): ChatSnapshot {
    return ChatSnapshot.empty(session.createdAt).advance(session.events ?? []);
  }

  /**
   * This snapshot with `events` (ascending, each after `lastSeq`; copies the store returned)
   * folded in: a message event replaces the message with its id or, when there is none, appends
   * it; a truncate event keeps the first `keep` messages; any other event (a title change,
   * another writer's event) changes no message.
   */
  advance(events: readonly SessionEvent[]): ChatSnapshot {
    if (events.length === 0) return this;
    const ids = [...this.ids];
    const stored = [...this.stored];
    const texts = [...this.texts];
    const position = new Map(ids.map((id, i) => [id, i]));
    for (const event of events) {
      const message = contentOfType(event.content, MESSAGE_EVENT)?.message as UIMessage | undefined;
      if (message !== undefined && typeof message.id === "string") {
        const at = position.get(message.id);
        if (at === undefined) {
          position.set(message.id, ids.length);
          ids.push(message.id);
          stored.push(message);
          texts.push(JSON.stringify(message));
        } else {
          stored[at] = message;
          texts[at] = JSON.stringify(message);
        }
        continue;
      }
      const keep = contentOfType(event.content, TRUNCATE_EVENT)?.keep;
      if (typeof keep === "number" && keep < ids.length) {
        for (const id of ids.slice(keep)) position.delete(id);
        ids.length = keep;
        stored.length = keep;
        texts.length = keep;
      }
    }
    const last = events[events.length - 1] as SessionEvent;
    return new ChatSnapshot(this.createdAt, last.seq, last.id, ids, stored, texts);
  }

  /** The messages, as fresh copies the caller may change (parsed from the kept JSON texts). */
  messages<MESSAGE extends UIMessage = UIMessage>(): MESSAGE[] {
    return this.texts.map((text) => JSON.parse(text) as MESSAGE);
  }
}

/** Folds a chat's stored events, ascending by seq, into its message list. */
export function foldChatEvents(events: readonly SessionEvent[]): UIMessage[] {
  return ChatSnapshot.empty(0).advance(events).messages();
}
