import { join } from "node:path";
import type { MastraDBMessage } from "@mastra/core/agent/message-list";
import type { MemoryStorage } from "@mastra/core/storage";
import { LibSQLStore } from "@mastra/libsql";
import { directoryBytes } from "../standard/disk.js";
import type { BenchEvent, StandardSubject, SubjectFactory } from "../standard/subject.js";
import { foldDeltas, hasKeys, mergeState, type SplitDelta, splitDelta } from "./scoped-state.js";

/** A workload event as a Mastra v2 message: the text as a text part, the rest in metadata. */
export function toMastraMessage(
  userId: string,
  sessionId: string,
  event: BenchEvent,
): MastraDBMessage {
  return {
    id: event.id,
    threadId: sessionId,
    resourceId: userId,
    role: event.author,
    type: "v2",
    createdAt: new Date(event.timestamp),
    content: {
      format: 2,
      parts: [{ type: "text", text: event.content.text }],
      metadata: { role: event.content.role, parts: event.content.parts },
    },
  };
}

/**
 * Mastra's LibSQLStore memory domain on a `file:` database, used the way Mastra's own memory
 * uses it: sessions are threads (resourceId = user), events are messages (`saveMessages`).
 * Mastra has no per-event state delta, so session keys go to the thread's metadata
 * (`updateThread`) and `user:` keys to the resource's metadata (`updateResource`), each a
 * separate call after the message is saved (not atomic with it).
 */
class MastraLibsqlSubject implements StandardSubject {
  constructor(
    private readonly store: LibSQLStore,
    private readonly memory: MemoryStorage,
    private readonly dir: string,
  ) {}

  async createSession(userId: string, sessionId: string) {
    const now = new Date();
    return this.memory.saveThread({
      thread: {
        id: sessionId,
        resourceId: userId,
        title: "",
        metadata: {},
        createdAt: now,
        updatedAt: now,
      },
    });
  }

  private async applyState(userId: string, sessionId: string, delta: SplitDelta) {
    if (hasKeys(delta.session))
      await this.memory.updateThread({ id: sessionId, metadata: delta.session });
    if (hasKeys(delta.user))
      await this.memory.updateResource({ resourceId: userId, metadata: delta.user });
  }

  async appendEvent(userId: string, sessionId: string, event: BenchEvent) {
    await this.memory.saveMessages({ messages: [toMastraMessage(userId, sessionId, event)] });
    if (event.stateDelta) await this.applyState(userId, sessionId, splitDelta(event.stateDelta));
  }

  /** One `saveMessages` (Mastra writes it in chunks of 50, not as one transaction), then the net state. */
  async appendBatch(userId: string, sessionId: string, events: readonly BenchEvent[]) {
    await this.memory.saveMessages({
      messages: events.map((e) => toMastraMessage(userId, sessionId, e)),
    });
    await this.applyState(userId, sessionId, foldDeltas(events.map((e) => e.stateDelta)));
  }

  /**
   * The last `lastEvents` messages: `listMessages` newest first with `perPage` = N on page 0
   * (Mastra's page/offset paging; it also counts the thread's messages on every call), reversed
   * to chronological order; the state is the thread's metadata plus the resource's.
   */
  async readSession(userId: string, sessionId: string, lastEvents: number) {
    const [thread, page, resource] = await Promise.all([
      this.memory.getThreadById({ threadId: sessionId, resourceId: userId }),
      this.memory.listMessages({
        threadId: sessionId,
        resourceId: userId,
        perPage: lastEvents,
        page: 0,
        orderBy: { field: "createdAt", direction: "DESC" },
      }),
      this.memory.getResourceById({ resourceId: userId }),
    ]);
    if (!thread) throw new Error(`thread ${sessionId} not found`);
    return {
      id: thread.id,
      userId: thread.resourceId,
      updatedAt: thread.updatedAt,
      events: page.messages.reverse(),
      state: mergeState(thread.metadata, resource?.metadata),
    };
  }

  /** `listThreads` of the resource, ordered by `updatedAt` descending, first page of `limit`. */
  async listRecentSessions(userId: string, limit: number) {
    const page = await this.memory.listThreads({
      filter: { resourceId: userId },
      perPage: limit,
      page: 0,
      orderBy: { field: "updatedAt", direction: "DESC" },
    });
    return page.threads;
  }

  bytesOnDisk() {
    return directoryBytes(this.dir);
  }

  close() {
    return this.store.close();
  }
}

/** Mastra's LibSQLStore (@mastra/libsql) on a file in the run's directory. */
export const mastraLibsqlSubject: SubjectFactory = {
  name: "Mastra LibSQLStore",
  kind: "peer",
  async open(dir) {
    const store = new LibSQLStore({ id: "bench", url: `file:${join(dir, "mastra.db")}` });
    await store.init();
    const memory = await store.getStore("memory");
    if (!memory) throw new Error("LibSQLStore has no memory domain");
    return new MastraLibsqlSubject(store, memory, dir);
  },
};
