import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createJsonFileRepository } from "@sessionkit/json-file-store";
import {
  generateLegacyStore,
  HOSTILE_SESSION_IDS,
  HOSTILE_USER_IDS,
} from "@sessionkit/sample-data";
import { afterEach, describe, expect, it } from "vitest";

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sk-sample-"));
  dirs.push(dir);
  return join(dir, "store");
}

/** path → sha256 of every file under root. */
async function digestTree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(
      path.slice(root.length),
      createHash("sha256")
        .update(await readFile(path))
        .digest("hex"),
    );
  }
  return out;
}

const options = { sessions: 120, eventsPerSession: 15, users: 25, apps: 2, expiredRatio: 0.2 };

describe("generateLegacyStore", () => {
  it("is deterministic: the same seed gives byte-identical files", async () => {
    const a = await freshDir();
    const b = await freshDir();
    const ra = await generateLegacyStore({ ...options, dir: a, seed: "s1" });
    const rb = await generateLegacyStore({ ...options, dir: b, seed: "s1" });
    expect({ ...rb, root: "" }).toEqual({ ...ra, root: "" });
    const da = await digestTree(a);
    expect(da.size).toBeGreaterThan(options.users);
    expect(await digestTree(b)).toEqual(da);
  });

  it("gives different content for a different seed", async () => {
    const a = await freshDir();
    const b = await freshDir();
    await generateLegacyStore({ ...options, dir: a, seed: "s1" });
    await generateLegacyStore({ ...options, dir: b, seed: "s2" });
    expect(await digestTree(b)).not.toEqual(await digestTree(a));
  });

  it("writes a store the adapter opens, reads completely and finds intact", async () => {
    const root = await freshDir();
    const result = await generateLegacyStore({ ...options, dir: root, seed: 7 });
    const repo = await createJsonFileRepository({ root });
    try {
      expect(await repo.checkIntegrity()).toEqual({ ok: true, problems: [] });
      const stats = await repo.stats();
      expect(stats.sessions).toBe(options.sessions);
      expect(stats.events).toBe(options.sessions * options.eventsPerSession);
      expect(stats.sessions - stats.activeSessions).toBe(result.expiredSessions);
      expect(result.expiredSessions).toBeGreaterThan(0);
      const keys = await repo.scanSessions({ limit: 10_000 });
      expect(keys).toHaveLength(options.sessions);
      const authors = new Set<string>();
      const scopes = { session: 0, app: 0, user: 0 };
      for (const key of keys) {
        const snapshot = await repo.readSnapshot(key);
        expect(snapshot?.events).toHaveLength(options.eventsPerSession);
        for (const e of snapshot?.events ?? []) {
          authors.add(e.author);
          for (const k of Object.keys(e.stateDelta ?? {})) {
            if (k.startsWith("app:")) scopes.app++;
            else if (k.startsWith("user:")) scopes.user++;
            else scopes.session++;
          }
        }
      }
      expect([...authors].sort()).toEqual(["model", "system", "tool", "user"]);
      expect(scopes.app).toBeGreaterThan(0);
      expect(scopes.user).toBeGreaterThan(0);
      expect(scopes.session).toBeGreaterThan(0);
      const ids = new Set(keys.flatMap((k) => [k.userId, k.sessionId]));
      const hostile = [...HOSTILE_USER_IDS, ...HOSTILE_SESSION_IDS].filter((h) => ids.has(h));
      expect(hostile.length).toBeGreaterThanOrEqual(4);
      // Ids long enough for hashed path segments (and their id.json files) are among them.
      expect(ids.has("x".repeat(256))).toBe(true);
      expect((await repo.listStateScopes()).length).toBeGreaterThan(1);
      const page = await repo.listSessions({ appName: "app-1", status: "all", limit: 5 });
      expect(page.sessions).toHaveLength(5);
      expect(page.nextCursor).not.toBeNull();
    } finally {
      await repo.close();
    }
  });

  it("refuses a non-empty directory and invalid counts", async () => {
    const root = await freshDir();
    await generateLegacyStore({ ...options, sessions: 1, dir: root, seed: 1 });
    await expect(generateLegacyStore({ ...options, dir: root, seed: 1 })).rejects.toThrow(
      /not empty/,
    );
    await expect(
      generateLegacyStore({ ...options, users: 0, dir: await freshDir(), seed: 1 }),
    ).rejects.toThrow(/users/);
  });
});

describe("generate-legacy-store (bin)", () => {
  it("writes a store from the command line and rejects bad arguments", async () => {
    const { execFileSync, spawnSync } = await import("node:child_process");
    const bin = new URL("../dist/bin.js", import.meta.url).pathname;
    const root = await freshDir();
    const out = execFileSync(process.execPath, [
      bin,
      "--sessions",
      "10",
      "--events-per-session",
      "4",
      "--users",
      "3",
      "--seed",
      "cli",
      "--expired-ratio",
      "0.5",
      root,
    ]).toString();
    expect(out).toMatch(/wrote 10 sessions .* 40 events/);
    const repo = await createJsonFileRepository({ root });
    expect((await repo.stats()).sessions).toBe(10);
    await repo.close();
    const bad = spawnSync(process.execPath, [bin, "--seed", "1", "--sessions", "x", root]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.toString()).toMatch(/--sessions must be a non-negative integer/);
  });
});
