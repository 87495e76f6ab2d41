import { readFile, writeFile } from "node:fs/promises";
import { type IntegrityProblem, isSessionKitError } from "@sessionkit/core";
import { createJsonFileRepository, type JsonFileRepository } from "@sessionkit/json-file-store";
import { StoreLayout } from "@sessionkit/json-file-store/format";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempRoot } from "./temp-root.js";

let cleanup: () => Promise<void>;
let repo: JsonFileRepository;
let damaged: string;
const good = [
  { appName: "app", userId: "u", sessionId: "good-1" },
  { appName: "app", userId: "u", sessionId: "good-2" },
  { appName: "app", userId: "v", sessionId: "good-3" },
];

beforeEach(async () => {
  let root: string;
  ({ root, cleanup } = await tempRoot());
  repo = await createJsonFileRepository({ root, create: true });
  for (const key of [...good, { appName: "app", userId: "u", sessionId: "bad" }]) {
    await repo.createSession(key);
    await repo.appendEvent(key, { author: "user", content: { text: `invoice ${key.sessionId}` } });
  }
  damaged = new StoreLayout(root).sessionFile("app", "u", "bad");
  const text = await readFile(damaged, "utf8");
  await writeFile(damaged, text.slice(0, 40));
});
afterEach(async () => {
  await repo.close();
  await cleanup();
});

/** Collects what a scan reports to `onCorrupt`. */
function collector(): { problems: IntegrityProblem[]; onCorrupt: (p: IntegrityProblem) => void } {
  const problems: IntegrityProblem[] = [];
  return { problems, onCorrupt: (problem) => problems.push(problem) };
}

async function expectCorrupt(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isSessionKitError(error, "CORRUPT"), String(error)).toBe(true);
  expect((error as Error).message).toContain(damaged);
}

describe("one truncated session file in a scan", () => {
  it("listSessions returns the other sessions and reports the file to onCorrupt", async () => {
    const { problems, onCorrupt } = collector();
    const page = await repo.listSessions({ appName: "app", onCorrupt });
    expect(page.sessions.map((s) => s.id).sort()).toEqual(["good-1", "good-2", "good-3"]);
    expect(problems).toEqual([
      { kind: "corrupt-file", subject: damaged, message: expect.stringContaining("CORRUPT") },
    ]);
  });

  it("searchEvents returns the other hits and reports the file to onCorrupt", async () => {
    const { problems, onCorrupt } = collector();
    const hits = await repo.searchEvents({ appName: "app", query: "invoice", onCorrupt });
    expect(hits.map((h) => h.key.sessionId).sort()).toEqual(["good-1", "good-2", "good-3"]);
    expect(problems.map((p) => p.subject)).toEqual([damaged]);
  });

  it("without onCorrupt, listSessions and searchEvents still fail with CORRUPT (never skip silently)", async () => {
    await expectCorrupt(repo.listSessions({ appName: "app" }));
    await expectCorrupt(repo.searchEvents({ appName: "app", query: "invoice" }));
  });

  it("stats counts the rest, reports the file and says how many it left out", async () => {
    const { problems, onCorrupt } = collector();
    const stats = await repo.stats({ onCorrupt });
    expect(stats.sessions).toBe(3);
    expect(stats.events).toBe(3);
    expect(stats.details.corruptFiles).toBe(1);
    expect(problems.map((p) => [p.kind, p.subject])).toEqual([["corrupt-file", damaged]]);
    expect((await repo.stats()).details.corruptFiles).toBe(1);
  });

  it("a handler that is not a function is INVALID_ARGUMENT", async () => {
    const bad = { onCorrupt: "log" } as unknown as { onCorrupt: () => void };
    const error = await repo.stats(bad).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isSessionKitError(error, "INVALID_ARGUMENT")).toBe(true);
  });
});
