import { isSessionKitError } from "@sessionkit/core";
import {
  migrationChecksum,
  migrations,
  SCHEMA_VERSION,
  toSessionKitError,
  verifyApplied,
} from "@sessionkit/sql";
import { describe, expect, it } from "vitest";

const ctx = { adapter: "sqlite", location: "/data/sessions.db" };
const applied = () =>
  migrations.map((m) => ({ version: m.version, checksum: migrationChecksum(m) }));

describe("migrations", () => {
  it("are gapless from 1 and their checksums are stable SHA-256 hex", () => {
    expect(migrations.map((m) => m.version)).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    );
    for (const m of migrations) expect(migrationChecksum(m)).toMatch(/^[0-9a-f]{64}$/);
    expect(migrationChecksum({ sql: "a\r\nb" })).toBe(migrationChecksum({ sql: "a\nb" }));
  });

  it("accepts the recorded history of this package", () => {
    expect(verifyApplied(applied(), ctx)).toBe(SCHEMA_VERSION);
    expect(verifyApplied([], ctx)).toBe(0);
  });

  it("rejects an edited migration with SCHEMA naming the file", () => {
    const history = applied();
    (history[0] as { checksum: string }).checksum = "0".repeat(64);
    expect(() => verifyApplied(history, ctx)).toThrow(/was edited/);
    try {
      verifyApplied(history, ctx);
    } catch (error) {
      expect(isSessionKitError(error, "SCHEMA")).toBe(true);
      expect((error as Error).message).toContain("/data/sessions.db");
    }
  });

  it("rejects a newer schema with both versions in the message", () => {
    const history = [...applied(), { version: SCHEMA_VERSION + 1, checksum: "x" }];
    expect(() => verifyApplied(history, ctx)).toThrow(
      `the database schema is version ${SCHEMA_VERSION + 1}, newer than this package's version ${SCHEMA_VERSION}`,
    );
  });
});

describe("toSessionKitError", () => {
  const op = { adapter: "sqlite", operation: "appendEvent", subject: "k" };
  it.each([
    ["SQLITE_BUSY", "BUSY"],
    ["SQLITE_BUSY_SNAPSHOT", "BUSY"],
    ["SQLITE_LOCKED", "BUSY"],
    ["SQLITE_CONSTRAINT_UNIQUE", "ALREADY_EXISTS"],
    ["SQLITE_CONSTRAINT_FOREIGNKEY", "CONFLICT"],
    ["SQLITE_CORRUPT", "CORRUPT"],
    ["SQLITE_NOTADB", "CORRUPT"],
    ["SQLITE_FULL", "IO"],
    ["SQLITE_IOERR_WRITE", "IO"],
    ["SQLITE_TOOBIG", "LIMIT"],
  ])("maps %s to %s with the driver error as cause", (sqliteCode, code) => {
    const driverError = Object.assign(new Error("driver says no"), { code: sqliteCode });
    const converted = toSessionKitError(driverError, op, "/db");
    expect(converted.code).toBe(code);
    expect(converted.cause).toBe(driverError);
    expect(converted.message).toContain("appendEvent");
  });

  it("reads libSQL's extendedCode and passes SessionKitErrors through", () => {
    const libsql = Object.assign(new Error("x"), {
      code: "SQLITE_CONSTRAINT",
      extendedCode: "SQLITE_CONSTRAINT_PRIMARYKEY",
    });
    expect(toSessionKitError(libsql, op).code).toBe("ALREADY_EXISTS");
    const already = toSessionKitError(libsql, op);
    expect(toSessionKitError(already, op)).toBe(already);
  });
});
