import { fileURLToPath } from "node:url";
import { ChildRunner, childScript } from "@sessionkit/conformance/child-process";
import { type SessionEvent, type SessionKey, SessionKitError } from "@sessionkit/core";
import { createLibsqlRepository, type LibsqlRepository } from "@sessionkit/libsql";
import { afterEach, describe, expect, it } from "vitest";
import { type SqldServer, startSqld } from "./support/sqld-server.js";

const opener = fileURLToPath(new URL("./opener-with-options.mjs", import.meta.url));
const keys: SessionKey[] = [
  { appName: "outage", userId: "u1", sessionId: "s1" },
  { appName: "outage", userId: "u1", sessionId: "s2" },
  { appName: "outage", userId: "u2", sessionId: "s3" },
];

interface WriterSummary {
  appended: number;
  errors: Array<{ code: string; message: string }>;
  failures: Record<string, number>;
  acknowledged: string[];
}

let server: SqldServer | undefined;
const repositories: LibsqlRepository[] = [];
const children: ChildRunner[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) child.kill();
  server?.resume();
  for (const repository of repositories.splice(0)) await repository.close();
  await server?.stop();
  server = undefined;
});

function open(url: string, requestTimeoutMs: number): LibsqlRepository {
  const repository = createLibsqlRepository({ url, requestTimeoutMs });
  repositories.push(repository);
  return repository;
}

async function allEvents(repository: LibsqlRepository, key: SessionKey): Promise<SessionEvent[]> {
  const out: SessionEvent[] = [];
  let afterSeq: number | undefined;
  for (;;) {
    const page = await repository.listEvents(key, { afterSeq, limit: 1000 });
    out.push(...page.events);
    if (page.nextSeq === null) return out;
    afterSeq = page.nextSeq;
  }
}

/** Starts `count` writer processes on `url`, waits until all are ready, and says go. */
async function startWriters(
  url: string,
  count: number,
  config: Record<string, unknown>,
): Promise<ChildRunner[]> {
  const writers = Array.from({ length: count }, (_, writer) => {
    const child = new ChildRunner(childScript("writer"), {
      openerModule: opener,
      location: JSON.stringify({ url, options: { requestTimeoutMs: config.requestTimeoutMs } }),
      writer,
      sessions: keys,
      ...config,
    });
    children.push(child);
    return child;
  });
  for (const w of writers) await w.waitForLine((l) => l === "ready", 60_000);
  for (const w of writers) w.send("go");
  return writers;
}

async function summaries(writers: ChildRunner[], timeoutMs: number): Promise<WriterSummary[]> {
  const out: WriterSummary[] = [];
  for (const w of writers) {
    expect(await w.waitForExit(timeoutMs), w.errorOutput).toEqual({ code: 0, signal: null });
    out.push(JSON.parse(w.lines.at(-1) ?? "null") as WriterSummary);
  }
  return out;
}

/** Every acknowledged append is stored exactly once; seqs are gapless; nothing else is there. */
async function expectAcknowledgedKept(url: string, results: WriterSummary[]): Promise<number> {
  const check = open(url, 30_000);
  const acknowledged = new Set(results.flatMap((r) => r.acknowledged));
  let stored = 0;
  for (const key of keys) {
    const events = await allEvents(check, key);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const ids = events.map((e) => `${key.sessionId}/${e.id}`);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of acknowledged) {
      if (id.startsWith(`${key.sessionId}/`)) expect(ids).toContain(id);
    }
    stored += events.length;
  }
  return stored;
}

describe("remote libSQL: deadlines and outages (real sqld)", () => {
  it("a stalled server (SIGSTOP) fails each call within the deadline instead of hanging, and the connection recovers", async () => {
    server = await startSqld();
    const repository = open(server.wsUrl, 1000);
    const key = keys[0] as SessionKey;
    await repository.createSession(key);
    await repository.appendEvent(key, { id: "before", author: "user", content: "before" });

    server.pause();
    const timed = async (call: () => Promise<unknown>) => {
      const started = Date.now();
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      return { error, ms: Date.now() - started };
    };
    // An append has fixed event ids: repeating it is harmless, so BUSY.
    const append = await timed(() =>
      repository.appendEvent(key, { id: "during", author: "user", content: "during" }),
    );
    expect(append.error).toBeInstanceOf(SessionKitError);
    expect(append.error).toMatchObject({ code: "BUSY", adapter: "libsql" });
    expect((append.error as SessionKitError).message).toMatch(/did not answer within 1000 ms/);
    expect((append.error as SessionKitError).remedy).toBeTruthy();
    expect(append.ms).toBeGreaterThanOrEqual(950);
    expect(append.ms).toBeLessThan(4000);
    // A read: BUSY as well (the connection is reopened, which the stalled server cannot answer).
    const read = await timed(() => repository.getSession(key));
    expect(read.error).toMatchObject({ code: "BUSY" });
    expect(read.ms).toBeLessThan(4000);
    // While the connection cannot even be reopened, a write fails before it is sent: BUSY.
    const reopen = await timed(() => repository.createSession(keys[1] as SessionKey));
    expect(reopen.error).toMatchObject({ code: "BUSY" });
    expect(reopen.ms).toBeLessThan(4000);

    // A write already sent on an open connection when the server stalls: its outcome is unknown.
    server.resume();
    await repository.getSession(key);
    server.pause();
    const create = await timed(() => repository.createSession(keys[1] as SessionKey));
    expect(create.error).toMatchObject({ code: "IO" });
    expect((create.error as SessionKitError).message).toMatch(/may or may not have been applied/);
    expect(create.ms).toBeLessThan(4000);

    server.resume();
    // The caller retries the append with the same id: stored once, whether or not the server
    // ran the abandoned attempt after it woke up.
    const stored = await repository.appendEvent(key, {
      id: "during",
      author: "user",
      content: "during",
    });
    expect(stored.id).toBe("during");
    expect((await allEvents(repository, key)).map((e) => [e.id, e.seq])).toEqual([
      ["before", 1],
      ["during", 2],
    ]);
  }, 60_000);

  it("rejects a bad requestTimeoutMs with INVALID_ARGUMENT", () => {
    for (const bad of [0, -1, 1.5, "1000", Number.NaN]) {
      expect(() =>
        createLibsqlRepository({ url: "ws://127.0.0.1:1", requestTimeoutMs: bad as number }),
      ).toThrow(
        expect.objectContaining({ code: "INVALID_ARGUMENT", path: "options.requestTimeoutMs" }),
      );
    }
  });

  it("8 writer processes x 300 appends with the server killed and restarted mid-run: writers see BUSY/IO, retry, and nothing acknowledged is lost", async () => {
    server = await startSqld({ wal: "libsql-wal" });
    const setup = open(server.wsUrl, 30_000);
    for (const key of keys) await setup.createSession(key);
    await setup.close();
    const started = Date.now();
    const writers = await startWriters(server.wsUrl, 8, {
      events: 100,
      requestTimeoutMs: 5000,
      retry: { attempts: 400, delayMs: 50 },
    });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await server.restart(1000);
    const results = await summaries(writers, 240_000);
    const seconds = (Date.now() - started) / 1000;
    const failures: Record<string, number> = {};
    for (const r of results) {
      for (const [code, n] of Object.entries(r.failures))
        failures[code] = (failures[code] ?? 0) + n;
    }
    console.info(
      `[remote-outages] 8 writers x 300 appends, server restarted once: ${seconds.toFixed(1)} s, failed attempts retried: ${JSON.stringify(failures)}`,
    );
    for (const r of results) {
      expect(r.errors).toEqual([]);
      expect(r.appended).toBe(300);
    }
    // The outage was seen, and only as BUSY or IO.
    expect(Object.keys(failures).length).toBeGreaterThan(0);
    for (const code of Object.keys(failures)) expect(["BUSY", "IO"]).toContain(code);
    expect(await expectAcknowledgedKept(server.wsUrl, results)).toBe(8 * 300);
  }, 300_000);

  it("on sqld's default WAL, 8 writer processes never hang: every call answers or fails with BUSY/IO within its deadline, and nothing acknowledged is lost", async () => {
    server = await startSqld({ wal: "sqlite" });
    const setup = open(server.wsUrl, 30_000);
    for (const key of keys) await setup.createSession(key);
    await setup.close();
    const started = Date.now();
    const writers = await startWriters(server.wsUrl, 8, {
      events: 100,
      requestTimeoutMs: 3000,
      retry: { attempts: 2, delayMs: 100 },
      stopAfterErrors: 2,
    });
    // Bounded: at most 2 errors x 2 attempts x 3 s per writer beyond the work itself.
    const results = await summaries(writers, 180_000);
    const seconds = (Date.now() - started) / 1000;
    const acknowledged = results.reduce((n, r) => n + r.appended, 0);
    console.info(
      `[remote-outages] default WAL, 8 writers x 300 appends: ${acknowledged} acknowledged in ${seconds.toFixed(1)} s; errors: ${JSON.stringify(results.flatMap((r) => r.errors.map((e) => e.code)))}`,
    );
    for (const r of results) {
      for (const e of r.errors) expect(["BUSY", "IO"]).toContain(e.code);
    }
    // Informative only (sqld's livelock is timing-dependent): does the server still take writes?
    const probe = open(server.wsUrl, 10_000);
    const stillWrites = await probe
      .appendEvent(keys[0] as SessionKey, { id: "probe", author: "test", content: "probe" })
      .then(
        () => "yes",
        (e: SessionKitError) => `no (${e.code} after a 10 s deadline)`,
      );
    console.info(
      `[remote-outages] default WAL: server still takes writes afterwards: ${stillWrites}`,
    );
    await probe.close();
    const stored = await expectAcknowledgedKept(server.wsUrl, results);
    expect(stored).toBeGreaterThanOrEqual(acknowledged);
    expect(stored).toBeLessThanOrEqual(8 * 300 + 1);
  }, 300_000);
});
