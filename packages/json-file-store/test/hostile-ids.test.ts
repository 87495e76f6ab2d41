import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { isSessionKitError, type SessionKey } from "@sessionkit/core";
import { compareKeys } from "@sessionkit/core/adapter-kit";
import { createJsonFileRepository, type JsonFileRepository } from "@sessionkit/json-file-store";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempRoot } from "./temp-root.js";
import { isWellFormed } from "./well-formed.js";

const BASE = [
  "../../etc/passwd",
  "/etc/passwd",
  "..\\..\\windows\\system32",
  "C:\\Windows",
  "C:",
  "\\\\server\\share",
  "..",
  ".",
  "...",
  "./",
  "/",
  "\\",
  "%2e%2e",
  "%2e%2e%2f",
  "..%2f..%2f",
  "%252e%252e",
  "%00",
  "a/b",
  "a\\b",
  "CON",
  "con",
  "Con",
  "NUL",
  "nul.txt",
  "COM1",
  "com1.json",
  "LPT9",
  "AUX",
  "PRN",
  "conin$",
  "CLOCK$",
  "trailing.",
  "trailing ",
  " leading",
  "Abc",
  "abc",
  "ABC",
  "aBc",
  "caf\u00e9",
  "cafe\u0301",
  "\u00c5",
  "A\u030a",
  "\u212b",
  "ﬁ",
  "fi",
  "ß",
  "SS",
  "ss",
  "İ",
  "i̇",
  "ı",
  "😀",
  "👨‍👩‍👧",
  "🇯🇵",
  "\u200b",
  "\ufeff",
  "__proto__",
  "constructor",
  "prototype",
  '*?<>|:"',
  "~",
  "~1",
  "a~b",
  "file.json",
  "file.json.lock",
  "x.tmp-1-deadbeef",
  "sessionkit.json",
  "meta.json",
  "apps",
  "users",
  "sessions",
  "id.json",
  "app-state.json",
  "user-state.json",
  "_41",
  "_2e",
  "_",
  "-",
  "--",
  "a b",
  "\u3000",
  "ｃｏｎ",
  "😀".repeat(128),
  "x".repeat(256),
  "é".repeat(256),
  "中".repeat(256),
  "X".repeat(256),
  `${"😀".repeat(127)}😁`,
  `${"a".repeat(255)}A`,
];

function variants(id: string): string[] {
  return [
    id,
    id.toUpperCase(),
    id.toLowerCase(),
    `${id}.`,
    `${id} `,
    `./${id}`,
    `${id}/..`,
    encodeURIComponent(id),
    id.normalize("NFC"),
    id.normalize("NFD"),
    id.normalize("NFKC"),
  ].filter((v) => v.length > 0 && v.length <= 256);
}

function hostileIds(): string[] {
  const ids = new Set<string>();
  for (const base of BASE) for (const v of variants(base)) ids.add(v);
  const generated = fc.sample(
    fc
      .string({ unit: "binary", minLength: 1, maxLength: 256 })
      .filter((s) => isWellFormed(s) && !/[\u0000-\u001f\u007f-\u009f]/.test(s)),
    { numRuns: 700, seed: 20261121 },
  );
  for (const g of generated) ids.add(g);
  return [...ids];
}

describe("hostile ids", () => {
  const ids = hostileIds();
  let dir: string;
  let root: string;
  let cleanup: () => Promise<void>;
  let repo: JsonFileRepository;
  const keys: SessionKey[] = [];

  beforeAll(async () => {
    ({ dir, root, cleanup } = await tempRoot());
    repo = await createJsonFileRepository({ root, create: true, durable: false });
    const owners = ids.slice(0, 40);
    ids.forEach((sessionId, i) => {
      keys.push({ appName: owners[i % 7] as string, userId: owners[i % 40] as string, sessionId });
    });
    for (const [i, key] of keys.entries()) {
      await repo.createSession(key, { metadata: { i }, state: { "user:u": i, "app:a": i } });
    }
  }, 120_000);

  afterAll(async () => {
    await repo?.close();
    await cleanup?.();
  });

  it("uses at least 1,000 distinct hostile ids", () => {
    expect(ids.length).toBeGreaterThanOrEqual(1000);
    expect(new Set(keys.map((k) => JSON.stringify(k))).size).toBe(keys.length);
  });

  it("reads every session back as its own", async () => {
    for (const [i, key] of keys.entries()) {
      const session = await repo.getSession(key);
      expect(
        session && {
          appName: session.appName,
          userId: session.userId,
          id: session.id,
          i: session.metadata.i,
        },
      ).toEqual({
        appName: key.appName,
        userId: key.userId,
        id: key.sessionId,
        i,
      });
    }
  });

  it("gives every session its own file, all inside the root", async () => {
    const files = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
    for (const f of files) expect(f.startsWith(`${root}/`)).toBe(true);
    const sessionFiles = files.filter((f) => /\/sessions\/[^/]+\.json$/.test(f));
    expect(sessionFiles).toHaveLength(keys.length);
    // Case-insensitive file systems: no two paths may differ only in case.
    expect(new Set(files.map((f) => f.toLowerCase())).size).toBe(files.length);
  });

  it("scans every key back in code-point order, and lists each user's sessions", async () => {
    const scanned: SessionKey[] = [];
    let after: SessionKey | undefined;
    for (;;) {
      const page = await repo.scanSessions({ after, limit: 97 });
      scanned.push(...page);
      if (page.length < 97) break;
      after = page[page.length - 1];
    }
    expect(scanned).toEqual([...keys].sort(compareKeys));
    const some = keys[3] as SessionKey;
    const listed = await repo.listSessions({
      appName: some.appName,
      userId: some.userId,
      limit: 1000,
    });
    const expected = keys.filter((k) => k.appName === some.appName && k.userId === some.userId);
    expect(listed.sessions.map((s) => s.id).sort()).toEqual(
      expected.map((k) => k.sessionId).sort(),
    );
    expect(await repo.checkIntegrity()).toEqual({ ok: true, problems: [] });
  });

  it("keeps state scopes apart for ids that differ only by case or normalization", async () => {
    const scopes = await repo.listStateScopes();
    const apps = new Set(keys.map((k) => k.appName));
    expect(
      scopes
        .filter((s) => s.userId === undefined)
        .map((s) => s.appName)
        .sort(),
    ).toEqual([...apps].sort());
  });

  it("rejects ids with control characters before writing anything", async () => {
    for (const bad of [
      "a\u0000b",
      "\n",
      "x\r",
      "\u007f",
      "\u0085",
      "\u009f",
      "tab\there",
      "\u001b[31m",
    ]) {
      for (const key of [
        { appName: bad, userId: "u", sessionId: "s" },
        { appName: "a", userId: bad, sessionId: "s" },
        { appName: "a", userId: "u", sessionId: bad },
      ]) {
        const error = await repo.createSession(key).catch((e: unknown) => e);
        expect(isSessionKitError(error, "INVALID_ARGUMENT")).toBe(true);
      }
    }
    expect((await repo.stats()).sessions).toBe(keys.length);
  });
});
