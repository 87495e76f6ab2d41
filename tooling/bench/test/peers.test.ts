import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { peerSubjects } from "../src/peers/index.js";
import { benchEvent } from "../src/standard/events.js";
import type { BenchEvent, StandardSubject, SubjectFactory } from "../src/standard/subject.js";

/** What every peer's readSession returns, whatever its own types: events with ids, a state. */
interface ReadView {
  events: Array<{ id: string }>;
  state: Record<string, unknown>;
}

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "sk-bench-peer-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const read = async (s: StandardSubject, user: string, session: string, last: number) =>
  (await s.readSession(user, session, last)) as ReadView;
const listIds = async (s: StandardSubject, user: string, limit: number) => {
  if (!s.listRecentSessions) throw new Error("every peer lists sessions");
  return ((await s.listRecentSessions(user, limit)) as Array<{ id: string }>).map((x) => x.id);
};
/** Events numbered from `from`, each with its own, increasing timestamp. */
const events = (from: number, count: number, prefix = "e"): BenchEvent[] => {
  const now = Date.now();
  return Array.from({ length: count }, (_, k) => benchEvent(from + k, now + k, prefix));
};

const byName = (name: string): SubjectFactory => {
  const factory = peerSubjects.find((f) => f.name === name);
  if (!factory) throw new Error(`no peer named ${name}`);
  return factory;
};

describe("peerSubjects", () => {
  it("lists the four peers of issue 8 and ADK on PostgreSQL, all of kind peer", () => {
    expect(peerSubjects.map((f) => f.name)).toEqual([
      "Mastra LibSQLStore",
      "ADK-JS DatabaseSessionService (SQLite)",
      "ADK-JS DatabaseSessionService (PostgreSQL)",
      "ADK-JS InMemorySessionService",
      "naive JSON file store",
    ]);
    expect(new Set(peerSubjects.map((f) => f.kind))).toEqual(new Set(["peer"]));
  });

  it("marks W5 unsupported for the ADK services, which have no batch append", async () => {
    for (const name of [
      "ADK-JS DatabaseSessionService (SQLite)",
      "ADK-JS DatabaseSessionService (PostgreSQL)",
      "ADK-JS InMemorySessionService",
    ]) {
      const factory = byName(name);
      expect(factory.unsupported?.W5).toMatch(/no batch API/);
      const subject = await factory.open(tempDir());
      expect(subject.appendBatch).toBeUndefined();
      await subject.close();
    }
  });
});

describe.each(peerSubjects.map((f) => [f.name, f] as const))("%s", (_name, factory) => {
  // Files in the run's directory (reopened from it below); in memory and on the bench's
  // PostgreSQL server (a fresh database per open) there are none.
  const onDisk = ![
    "ADK-JS InMemorySessionService",
    "ADK-JS DatabaseSessionService (PostgreSQL)",
  ].includes(factory.name);

  it("creates, appends one by one, reads the last N with merged state, lists newest first", async () => {
    const dir = tempDir();
    const s = await factory.open(dir);
    try {
      for (const id of ["s1", "s2", "s3"]) {
        await s.createSession("u1", id);
        await pause(5);
      }
      await s.createSession("u2", "s4");
      await pause(5);
      // Five events: the fifth (index 4) carries { turn: 4, "user:lastTurn": 4 }.
      for (const e of events(0, 5)) await s.appendEvent("u1", "s1", e);
      await pause(5);
      await s.appendEvent("u1", "s2", events(0, 1, "x")[0] as BenchEvent);

      const all = await read(s, "u1", "s1", 1000);
      expect(all.events.map((e) => e.id)).toEqual(["e0", "e1", "e2", "e3", "e4"]);
      expect(all.state).toMatchObject({ turn: 4, "user:lastTurn": 4 });
      const last3 = await read(s, "u1", "s1", 3);
      expect(last3.events.map((e) => e.id)).toEqual(["e2", "e3", "e4"]);
      // The user: key is the user's: another session of the same user sees it too.
      expect((await read(s, "u1", "s3", 10)).state).toEqual({ "user:lastTurn": 4 });
      expect((await read(s, "u2", "s4", 10)).state).toEqual({});

      expect(await listIds(s, "u1", 2)).toEqual(["s2", "s1"]);
      expect(await listIds(s, "u1", 100)).toEqual(["s2", "s1", "s3"]);
      expect(await listIds(s, "u2", 100)).toEqual(["s4"]);
      if (onDisk) expect(s.bytesOnDisk()).toBeGreaterThan(0);
      else expect(s.bytesOnDisk()).toBe(0);
    } finally {
      await s.close();
    }

    if (onDisk) {
      // What was written is in the directory: a fresh open of it reads it back.
      const again = await factory.open(dir);
      try {
        const reread = await read(again, "u1", "s1", 1000);
        expect(reread.events.map((e) => e.id)).toEqual(["e0", "e1", "e2", "e3", "e4"]);
        expect(reread.state).toMatchObject({ turn: 4, "user:lastTurn": 4 });
      } finally {
        await again.close();
      }
    }
  });
});

// W5: the peers that have a batch append (the ADK services are checked for saying they have none).
describe.each(
  peerSubjects.filter((f) => f.unsupported?.W5 === undefined).map((f) => [f.name, f] as const),
)("%s batch", (_name, factory) => {
  it("appends a batch larger than any internal chunk, read back in order with its net state", async () => {
    const s = await factory.open(tempDir());
    try {
      await s.createSession("u1", "batch");
      const batch = events(0, 120, "b");
      await s.appendBatch?.("u1", "batch", batch);
      const got = await read(s, "u1", "batch", 1000);
      expect(got.events.map((e) => e.id)).toEqual(batch.map((e) => e.id));
      expect(got.state).toMatchObject({ turn: 119, "user:lastTurn": 119 });
      expect((await read(s, "u1", "batch", 10)).events.map((e) => e.id)).toEqual(
        batch.slice(-10).map((e) => e.id),
      );
    } finally {
      await s.close();
    }
  });
});
