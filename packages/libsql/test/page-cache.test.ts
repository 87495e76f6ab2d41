import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SqlDriver } from "@sessionkit/sql/driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConnectionSettings, LibsqlConnection } from "../src/connection/libsql-connection.js";
import { resolveLocation } from "../src/location/resolve-location.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sessionkit-libsql-page-cache-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const settings = (embeddedDriver: "native" | "client"): ConnectionSettings => ({
  busyTimeoutMs: 5000,
  synchronous: "normal",
  fullTextSearch: true,
  embeddedDriver,
  authToken: undefined,
  syncIntervalSeconds: undefined,
  requestTimeoutMs: 10_000,
  watchIntervalMs: 50,
  backgroundCheckpoint: true,
});

// White-box: the page cache is a per-connection PRAGMA, invisible through the repository API.
describe("libsql local connections: page cache", () => {
  for (const driver of ["native", "client"] as const) {
    it(`uses a 16 MiB page cache on a file: (${driver} driver), not libsql's 2 MiB default`, async () => {
      const location = resolveLocation(`file:${join(dir, `${driver}.db`)}`, undefined);
      const connection = new LibsqlConnection(
        location,
        settings(driver),
        () => import("@libsql/client"),
      );
      try {
        const opened: SqlDriver = await connection.lane.run(() => connection.driver());
        const row = (await opened.execute({
          kind: "get",
          sql: "PRAGMA cache_size",
          params: [],
        })) as { cache_size: number };
        expect(Number(row.cache_size)).toBe(-16000);
      } finally {
        await connection.close();
      }
    });
  }
});
