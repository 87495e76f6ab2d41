import { join } from "node:path";
import { prepareEvent } from "@sessionkit/core/adapter-kit";
import { newWriteContext, SessionEngine, type SqlDialect, sqliteDialect } from "@sessionkit/sql";
import { driveInTransaction, driveSync } from "@sessionkit/sql/driver";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { BetterSqliteDriver, createSqliteRepository } from "../src/index.js";
import { tempDir } from "./temp-dir.js";

/** A dialect that is SQLite's, recording every statement group and name the engine reads. */
function recordingDialect(read: Set<string>): SqlDialect {
  const groups = Object.fromEntries(
    Object.entries(sqliteDialect).map(([group, value]) => {
      if (typeof value !== "object" || value === null) return [group, value];
      const proxy = new Proxy(value as Record<string, unknown>, {
        get(target, name, receiver) {
          if (typeof name === "string") read.add(`${group}.${name}`);
          return Reflect.get(target, name, receiver);
        },
      });
      return [group, proxy];
    }),
  );
  return { ...(groups as unknown as SqlDialect), name: "recording" };
}

/** A raw driver on a database file whose schema a repository created (as any open does). */
async function driverOnSchema(path: string): Promise<BetterSqliteDriver> {
  const repo = createSqliteRepository({ path });
  await repo.health();
  await repo.close();
  return new BetterSqliteDriver(new Database(path));
}

/** getSession's normalised options for "every event". */
const allEvents = {
  recentEvents: undefined,
  afterSeq: undefined,
  afterTimestamp: undefined,
  includeExpired: false,
};

describe("the SQL dialect seam", () => {
  it("the engine runs the statements of the dialect it was built with, not the modules", async () => {
    const tmp = tempDir();
    try {
      const driver = await driverOnSchema(join(tmp.dir, "dialect.db"));
      const read = new Set<string>();
      const engine = new SessionEngine({ dialect: recordingDialect(read) });
      expect(engine.dialect.name).toBe("recording");
      const key = { appName: "a", userId: "u", sessionId: "s" };
      const ctx = { adapter: "sqlite", operation: "test" };
      const w = newWriteContext(Date.now(), false);
      await driveInTransaction(engine.createSession(key, null, {}, w, ctx), driver, "write");
      const event = prepareEvent(
        { author: "user", content: { text: "hello dialect" } },
        "event",
        {
          maxEventBytes: 1 << 20,
          maxStateValueBytes: 1 << 20,
        },
        ctx,
      );
      await driveInTransaction(
        engine.appendEvents(key, [event], undefined, w, ctx),
        driver,
        "write",
      );
      const session = driveSync(engine.getSession(key, allEvents), driver);
      expect(session?.events?.map((e) => e.content)).toEqual([{ text: "hello dialect" }]);
      // Every group the work touched came through the dialect object.
      expect([...read].some((name) => name.startsWith("sessions."))).toBe(true);
      expect([...read].some((name) => name.startsWith("events."))).toBe(true);
      driver.db.close();
    } finally {
      tmp.remove();
    }
  });

  it("a dialect with a broken statement breaks the engine: nothing bypasses it", async () => {
    const tmp = tempDir();
    try {
      const driver = await driverOnSchema(join(tmp.dir, "broken.db"));
      const broken: SqlDialect = {
        ...sqliteDialect,
        sessions: { ...sqliteDialect.sessions, selectSessionByKey: "SELECT no_such_column" },
      };
      const engine = new SessionEngine({ dialect: broken });
      const key = { appName: "a", userId: "u", sessionId: "s" };
      expect(() => driveSync(engine.getSession(key, allEvents), driver)).toThrow(/no_such_column/);
      driver.db.close();
    } finally {
      tmp.remove();
    }
  });
});
