import { spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { SessionKey, SessionRepository } from "@sessionkit/core";
import {
  createSqliteRepository,
  mergeSideSearchIndex,
  SideSearchIndexBuilder,
  sideSearchIndexPath,
  startSideSearchIndexBuild,
} from "@sessionkit/sqlite";
import { describe, expect, it } from "vitest";
import { tempDbPaths } from "./temp-dir.js";

// The side-built search index of a backfill (search-index-side.ts, search-index-merge.ts): the
// merged index must answer every query exactly as the index of a store written with full-text
// indexing on, whatever happened to the store while the side index was built.

const dbPath = tempDbPaths();

const WORDS = [
  "database",
  "Straße",
  "café",
  "新しいデータベース",
  "我们的数据库",
  "доставка",
  "deploy",
  "😀",
  "refund",
  "مرحبا",
];
const QUERIES = [
  "database",
  "strasse",
  "cafe",
  "データベース",
  "数据库",
  "доставка",
  "deploy",
  "😀",
  "refund",
  "مرحبا",
  "rewritten",
  "late",
];
const keyOf = (i: number): SessionKey => ({ appName: "app", userId: "u", sessionId: `s${i}` });

/** Session i: 12 events, each a few of WORDS (and `extra`). */
async function writeSession(repo: SessionRepository, i: number, extra = ""): Promise<void> {
  await repo.createSession(keyOf(i));
  await repo.appendEvents(
    keyOf(i),
    Array.from({ length: 12 }, (_, n) => ({
      id: `e${n}`,
      author: "user",
      timestamp: 1000 + n,
      content: { parts: [{ text: `${WORDS[(i + n) % 10]} ${WORDS[(i * n) % 10]} ${extra}` }] },
    })),
  );
}

/** The same writes on the store under test (full-text off) and on a reference (full-text on). */
class Pair {
  readonly path = dbPath();
  readonly refPath = dbPath();
  store = createSqliteRepository({ path: this.path, fullTextSearch: false });
  readonly ref = createSqliteRepository({ path: this.refPath, fullTextSearch: true });
  async both(write: (r: SessionRepository) => Promise<unknown>): Promise<void> {
    await write(this.store);
    await write(this.ref);
  }
  /** Reopens the store with full-text on and compares every query with the reference. */
  async expectSameSearch(): Promise<void> {
    await this.store.close();
    this.store = createSqliteRepository({ path: this.path, fullTextSearch: true });
    for (const query of QUERIES) {
      for (const order of ["newest", "relevance"] as const) {
        const hits = async (r: SessionRepository) =>
          (await r.searchEvents({ appName: "app", query, order, limit: 1000 })).map(
            (h) => `${h.key.sessionId}/${h.event.id}`,
          );
        expect(await hits(this.store), `${query} (${order})`).toEqual(await hits(this.ref));
      }
    }
    expect(await this.store.checkIntegrity()).toMatchObject({ ok: true });
  }
  async close(): Promise<void> {
    await this.store.close();
    await this.ref.close();
  }
}

/** Builds the whole side index in this thread, `n` events per step. */
function buildAll(path: string, n = 5): void {
  const b = SideSearchIndexBuilder.open(path);
  while (b.step(n) > 0);
  b.close();
}

describe("side-built search index", () => {
  it("merges into the index of an append-built store across deletes, re-writes with re-used ids and late writes", async () => {
    const p = new Pair();
    for (let i = 0; i < 6; i++) await p.both((r) => writeSession(r, i));
    // A builder that stopped part way (its progress is committed with its terms), resumed.
    const first = SideSearchIndexBuilder.open(p.path);
    first.step(7);
    first.step(7);
    first.close();
    const second = SideSearchIndexBuilder.open(p.path);
    expect(second.indexedThrough).toBe(14);
    second.close();
    buildAll(p.path);
    // Sessions deleted after being indexed; the last session re-written (its events get the
    // freed ids back, with other content, after the side index holds the old terms).
    await p.both((r) => r.deleteSession(keyOf(0)));
    await p.both((r) => r.deleteSession(keyOf(3)));
    const s5 = await p.store.readSnapshot(keyOf(5));
    if (!s5) throw new Error("s5 missing");
    const rewritten = {
      ...s5,
      revision: s5.revision + 1,
      events: s5.events.map((e) => ({ ...e, content: { parts: [{ text: "rewritten refund" }] } })),
    };
    await p.both((r) => r.writeSnapshot(rewritten, { mode: "replace" }));
    buildAll(p.path);
    // Written after the builder caught up: the merge tokenizes them.
    await p.both((r) => writeSession(r, 7, "late"));
    await p.store.close();
    const merged = mergeSideSearchIndex(p.path);
    expect(merged.outcome).toBe("merged");
    // s0, s3 and the old s5 dropped; the new s5 and s7 tokenized by the merge.
    expect(merged).toMatchObject({ dropped: 36, tokenized: 24, fromSide: 36 });
    expect(existsSync(sideSearchIndexPath(p.path))).toBe(false);
    p.store = createSqliteRepository({ path: p.path, fullTextSearch: false });
    await p.expectSameSearch();
    // Indexing is on for every writer afterwards.
    await p.both((r) => writeSession(r, 8, "late"));
    await p.expectSameSearch();
    await p.close();
  });

  it("discards the side index when full-text indexing was switched on meanwhile", async () => {
    const p = new Pair();
    for (let i = 0; i < 3; i++) await p.both((r) => writeSession(r, i));
    buildAll(p.path);
    await p.store.close();
    // An application opens the store with the index on (it rebuilds the index itself).
    p.store = createSqliteRepository({ path: p.path, fullTextSearch: true });
    await p.both((r) => writeSession(r, 4));
    await p.store.close();
    expect(mergeSideSearchIndex(p.path).outcome).toBe("already-on");
    expect(existsSync(sideSearchIndexPath(p.path))).toBe(false);
    p.store = createSqliteRepository({ path: p.path, fullTextSearch: false });
    await p.expectSameSearch();
    await p.close();
  });

  it("rebuilds from the store when the side database is unreadable; does nothing without a build", async () => {
    const p = new Pair();
    for (let i = 0; i < 3; i++) await p.both((r) => writeSession(r, i));
    await p.store.close();
    expect(mergeSideSearchIndex(p.path)).toMatchObject({ outcome: "none", tokenized: 0 });
    buildAll(p.path);
    writeFileSync(sideSearchIndexPath(p.path), "not a database, a torn file ".repeat(200));
    const merged = mergeSideSearchIndex(p.path);
    expect(merged).toMatchObject({ outcome: "merged", fromSide: 0, tokenized: 36 });
    p.store = createSqliteRepository({ path: p.path, fullTextSearch: false });
    await p.expectSameSearch();
    await p.close();
  });

  it("a worker build killed with SIGKILL resumes in a worker thread and the merged index is complete", async () => {
    const p = new Pair();
    for (let i = 0; i < 10; i++) await p.both((r) => writeSession(r, i));
    await p.store.close();
    // A process following the store 4 events at a time, killed once it committed some steps.
    const child = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { SideSearchIndexBuilder } from "@sessionkit/sqlite";
         const b = SideSearchIndexBuilder.open(process.argv[1]);
         for (;;) { if (b.step(4) === 0) break; console.log(b.indexedThrough); await new Promise((r) => setTimeout(r, 20)); }
         console.log("done");`,
        p.path,
      ],
      // The build output: no dev-source condition from this test process.
      {
        cwd: import.meta.dirname,
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, NODE_OPTIONS: "" },
      },
    );
    const lines = createInterface({ input: child.stdout });
    let seen = 0;
    for await (const line of lines) {
      expect(line).not.toBe("done");
      if (++seen === 3) break;
    }
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const resumed = SideSearchIndexBuilder.open(p.path);
    expect(resumed.indexedThrough).toBeGreaterThanOrEqual(12);
    expect(resumed.indexedThrough).toBeLessThan(120);
    resumed.close();
    // The rest in the worker thread (from dist: build first), then the merge.
    const build = startSideSearchIndexBuild(p.path);
    expect(await build.finish({ merge: true })).toEqual({
      indexedThrough: 120,
      merge: { outcome: "merged", fromSide: 120, tokenized: 0, dropped: 0 },
    });
    p.store = createSqliteRepository({ path: p.path, fullTextSearch: false });
    await p.expectSameSearch();
    await p.close();
  });
});
