import { type JsonObject, MemoryRepository, type NewEvent } from "@sessionkit/core";
import { createLibsqlRepository } from "@sessionkit/libsql";
import { describe, expect, it } from "vitest";
import { startSqld } from "./support/sqld-server.js";

const key = { appName: "app", userId: "u", sessionId: "s" };

/** Deltas that take the embedded fast paths and ones that must fall back to the shared logic. */
const deltas: JsonObject[] = [
  { plain: 1, nested: { a: [1, 2] }, "user:u1": "x", "app:a1": true },
  { plain: null, 'q"uote': 1, "back\\slash": 2, "new\nline": 3 },
  { __proto__: { polluted: true }, constructor: 1, "a.b": 2, "[0]": 3, " ": 4 },
  Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i])),
  { "temp:gone": 1, k3: null, "user:u1": null },
];

async function run(repo: MemoryRepository | ReturnType<typeof createLibsqlRepository>) {
  await repo.createSession(key, { state: { start: 0 } });
  const results: unknown[] = [];
  for (const [i, delta] of deltas.entries()) {
    const parsed = JSON.parse(JSON.stringify(delta)) as JsonObject;
    results.push(
      await repo.appendEvent(key, {
        id: `single${i}`,
        author: "user",
        content: i,
        stateDelta: parsed,
        timestamp: i,
      }),
    );
    const batch: NewEvent[] = [
      { id: `batch${i}a`, author: "agent", content: { i }, stateDelta: parsed, timestamp: i },
      {
        id: `batch${i}b`,
        author: "agent",
        content: [i],
        metadata: { m: i },
        invocationId: "inv",
        timestamp: i,
      },
    ];
    results.push(await repo.appendEvents(key, batch));
    // Retries take the shared path and change nothing.
    results.push(await repo.appendEvents(key, batch));
  }
  const session = await repo.getSession(key);
  return { results, session: { ...session, createdAt: 0, updatedAt: 0 } };
}

describe("append fast paths (embedded and remote) give exactly the shared logic's results", () => {
  it("remote http (one-batch appends) matches MemoryRepository", async () => {
    const server = await startSqld();
    const reference = new MemoryRepository();
    const repo = createLibsqlRepository({ url: server.httpUrl });
    try {
      expect(await run(repo)).toEqual(await run(reference));
    } finally {
      await repo.close();
      await reference.close();
      await server.stop();
    }
  });

  for (const embeddedDriver of ["native", "client"] as const) {
    it(`${embeddedDriver} driver matches MemoryRepository`, async () => {
      const reference = new MemoryRepository();
      const repo = createLibsqlRepository({ url: ":memory:", embeddedDriver });
      try {
        expect(await run(repo)).toEqual(await run(reference));
      } finally {
        await repo.close();
        await reference.close();
      }
    });
  }
});
