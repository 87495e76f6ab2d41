import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { directoryBytes } from "../standard/disk.js";
import type { BenchEvent, StandardSubject, SubjectFactory } from "../standard/subject.js";
import { foldDeltas, hasKeys, mergeState, type SplitDelta, splitDelta } from "./scoped-state.js";

/** One session file's content. */
interface SessionFile {
  id: string;
  userId: string;
  createdAt: number;
  updatedAt: number;
  state: Record<string, unknown>;
  events: BenchEvent[];
}

type UserStates = Record<string, Record<string, unknown>>;

const USER_STATE_FILE = "user-state.json";
const SEP = "--";

/**
 * The store people write first: one JSON file per session (`<user>--<session>.json`) holding its
 * state and every event, plus one `user-state.json` for all users' `user:` keys. Every write reads
 * the whole file, changes it and writes it back with `writeFileSync`: no fsync, no lock, no
 * temp-file rename, so a crash mid-write loses the session and two writers lose updates.
 */
class NaiveJsonFileSubject implements StandardSubject {
  constructor(private readonly dir: string) {}

  private sessionPath(userId: string, sessionId: string) {
    return join(
      this.dir,
      `${encodeURIComponent(userId)}${SEP}${encodeURIComponent(sessionId)}.json`,
    );
  }

  private readSessionFile(userId: string, sessionId: string): SessionFile {
    return JSON.parse(readFileSync(this.sessionPath(userId, sessionId), "utf8")) as SessionFile;
  }

  private writeSessionFile(file: SessionFile) {
    writeFileSync(this.sessionPath(file.userId, file.id), JSON.stringify(file));
  }

  private readUserStates(): UserStates {
    try {
      return JSON.parse(readFileSync(join(this.dir, USER_STATE_FILE), "utf8")) as UserStates;
    } catch {
      return {};
    }
  }

  private apply(file: SessionFile, delta: SplitDelta) {
    Object.assign(file.state, delta.session);
    if (!hasKeys(delta.user)) return;
    const users = this.readUserStates();
    users[file.userId] = { ...users[file.userId], ...delta.user };
    writeFileSync(join(this.dir, USER_STATE_FILE), JSON.stringify(users));
  }

  createSession(userId: string, sessionId: string) {
    const now = Date.now();
    const file: SessionFile = {
      id: sessionId,
      userId,
      createdAt: now,
      updatedAt: now,
      state: {},
      events: [],
    };
    this.writeSessionFile(file);
    return file;
  }

  appendEvent(userId: string, sessionId: string, event: BenchEvent) {
    const file = this.readSessionFile(userId, sessionId);
    file.events.push(event);
    if (event.stateDelta) this.apply(file, splitDelta(event.stateDelta));
    file.updatedAt = Date.now();
    this.writeSessionFile(file);
  }

  appendBatch(userId: string, sessionId: string, events: readonly BenchEvent[]) {
    const file = this.readSessionFile(userId, sessionId);
    file.events.push(...events);
    this.apply(file, foldDeltas(events.map((e) => e.stateDelta)));
    file.updatedAt = Date.now();
    this.writeSessionFile(file);
  }

  readSession(userId: string, sessionId: string, lastEvents: number) {
    const file = this.readSessionFile(userId, sessionId);
    return {
      id: file.id,
      userId: file.userId,
      updatedAt: file.updatedAt,
      events: file.events.slice(-lastEvents),
      state: mergeState(file.state, this.readUserStates()[userId]),
    };
  }

  /** Reads every session file of the user, sorts by `updatedAt` descending, keeps `limit`. */
  listRecentSessions(userId: string, limit: number) {
    const prefix = `${encodeURIComponent(userId)}${SEP}`;
    const sessions = readdirSync(this.dir)
      .filter((name) => name.startsWith(prefix) && name.endsWith(".json"))
      .map((name) => JSON.parse(readFileSync(join(this.dir, name), "utf8")) as SessionFile)
      .sort((a, b) => b.updatedAt - a.updatedAt);
    return sessions.slice(0, limit).map(({ events: _events, ...session }) => session);
  }

  bytesOnDisk() {
    return directoryBytes(this.dir);
  }

  close() {}
}

/** A naive JSON-file store written for the comparison: one file per session, rewritten per call. */
export const naiveJsonFileSubject: SubjectFactory = {
  name: "naive JSON file store",
  kind: "peer",
  async open(dir) {
    return new NaiveJsonFileSubject(dir);
  },
};
