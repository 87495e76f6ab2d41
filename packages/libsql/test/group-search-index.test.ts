import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionRepository } from "@sessionkit/core";
import { createLibsqlRepository } from "@sessionkit/libsql";
import { observeRequests, type SqlDriver } from "@sessionkit/sql/driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sessionkit-libsql-group-index-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** White box: every statement the repository's driver runs, recorded. */
async function observed(
  url: string,
  embeddedDriver: "native" | "client",
): Promise<{ repo: SessionRepository; seen: string[] }> {
  const repo = createLibsqlRepository({ url, embeddedDriver });
  await repo.health();
  type Host = { host: { connection: { driver(): Promise<SqlDriver> | SqlDriver } } };
  const seen: string[] = [];
  const driver = await (repo as unknown as Host).host.connection.driver();
  observeRequests(driver, (r) => seen.push("sql" in r ? r.sql : r.kind));
  return { repo, seen };
}

const key = (i: number) => ({ appName: "app", userId: "u", sessionId: `s${i}` });

describe("embedded libSQL group commit indexes its appends in one statement", () => {
  for (const driver of ["native", "client"] as const) {
    it(`writes one index statement for 32 concurrent appends, each searchable (${driver} driver)`, async () => {
      const { repo, seen } = await observed(`file:${join(dir, `${driver}.db`)}`, driver);
      for (let i = 0; i < 32; i++) await repo.createSession(key(i));
      seen.length = 0;
      await Promise.all(
        Array.from({ length: 32 }, (_, i) =>
          repo.appendEvent(key(i), {
            id: `e${i}`,
            author: "user",
            content: { text: `a numbat${i}x in the park` },
            stateDelta: { n: i },
          }),
        ),
      );
      const sql = seen;
      expect(sql.filter((s) => s.includes("INSERT INTO events_fts"))).toHaveLength(1);
      for (const i of [0, 17, 31]) {
        const hits = await repo.searchEvents({ appName: "app", query: `numbat${i}x` });
        expect(hits.map((h) => h.event.id)).toEqual([`e${i}`]);
      }
      expect(await repo.searchEvents({ appName: "app", query: "park", limit: 100 })).toHaveLength(
        32,
      );
      await repo.close();
    });
  }
});
