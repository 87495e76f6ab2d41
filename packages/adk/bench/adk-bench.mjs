// Benchmarks of @sessionkit/adk through ADK's own API (run after a build):
//   node --expose-gc bench/adk-bench.mjs            full run (~2 min)
//   node --expose-gc bench/adk-bench.mjs --smoke    tiny sizes, checks the harness only
//   add --api-only to run part 2 alone
// 1. A Runner turn's session load on a 100,000-event session, with and without maxHistoryEvents.
// 2. ADK's DatabaseSessionService (SQLite, mikro-orm) vs SessionKitSessionService (sqlite:) on
//    createSession, appendEvent, getSession of 1,000 events and listSessions. Medians, ratios.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEvent, DatabaseSessionService } from "@google/adk";
import { SessionKitSessionService, sessionServiceFromUrl, toNewEvent } from "@sessionkit/adk";
import { APP, buildRunner, runTurn } from "../test/fixtures/scripted-agent.mjs";

const smoke = process.argv.includes("--smoke");
const apiOnly = process.argv.includes("--api-only");
const sizes = smoke
  ? {
      bigSession: 2_000,
      window: 100,
      loads: 3,
      turns: 2,
      creates: 20,
      appends: 50,
      readEvents: 100,
      reads: 3,
      lists: 3,
    }
  : {
      bigSession: 100_000,
      window: 100,
      loads: 15,
      turns: 7,
      creates: 500,
      appends: 1_000,
      readEvents: 1_000,
      reads: 25,
      lists: 25,
    };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));

async function timeEach(n, fn) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  return median(times);
}

/** A Runner-like event: user or model text of ~200 characters. */
function turnEvent(i) {
  return createEvent({
    invocationId: `inv-${i >> 1}`,
    author: i % 2 ? "root" : "user",
    content: {
      role: i % 2 ? "model" : "user",
      parts: [{ text: `message ${i} `.padEnd(200, "lorem ipsum ") }],
    },
  });
}

function tempDir(name) {
  return mkdtempSync(join(tmpdir(), `sessionkit-adk-bench-${name}-`));
}

async function runnerLoad() {
  const dir = tempDir("load");
  const url = `sqlite:${join(dir, "big.db")}`;
  const key = { appName: APP, userId: "u", sessionId: "big" };
  const filler = await sessionServiceFromUrl(url);
  await filler.createSession(key);
  for (let i = 0; i < sizes.bigSession; i += 1000) {
    const batch = [];
    for (let j = i; j < Math.min(i + 1000, sizes.bigSession); j++)
      batch.push(toNewEvent(turnEvent(j), "fill"));
    await filler.repository.appendEvents(key, batch);
  }
  await filler.close();
  const rows = [];
  for (const maxHistoryEvents of [undefined, sizes.window]) {
    const service = await sessionServiceFromUrl(url, maxHistoryEvents ? { maxHistoryEvents } : {});
    globalThis.gc?.();
    const load = await timeEach(sizes.loads, () => service.getSession(key));
    const { runner } = buildRunner(service);
    const turn = await timeEach(sizes.turns, () => runTurn(runner, "u", "big", "hello"));
    rows.push({ maxHistoryEvents: maxHistoryEvents ?? "unset (all)", load, turn });
    await service.close();
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

async function adkApi(name, service) {
  const r = {};
  r.createSession = await timeEach(sizes.creates, (i) =>
    service.createSession({ appName: "bench", userId: "u", sessionId: `s${i}`, state: { n: i } }),
  );
  const session = await service.getSession({ appName: "bench", userId: "u", sessionId: "s0" });
  r.appendEvent = await timeEach(sizes.appends, (i) =>
    service.appendEvent({ session, event: turnEvent(i) }),
  );
  const readKey = { appName: "bench", userId: "u", sessionId: "s1" };
  const reader = await service.getSession(readKey);
  for (let i = 0; i < sizes.readEvents; i++)
    await service.appendEvent({ session: reader, event: turnEvent(i) });
  r.getSession = await timeEach(sizes.reads, () => service.getSession(readKey));
  r.listSessions = await timeEach(sizes.lists, () =>
    service.listSessions({ appName: "bench", userId: "u" }),
  );
  r.listPage = await timeEach(sizes.lists, () =>
    service.listSessions({ appName: "bench", userId: "u", limit: 50, page: 2, order: "desc" }),
  );
  return { name, ...r };
}

async function compare() {
  const dir = tempDir("api");
  const adk = new DatabaseSessionService(`sqlite://${join(dir, "adk.db")}`);
  await adk.init();
  const adkRow = await adkApi("ADK DatabaseSessionService (SQLite)", adk);
  await adk.orm?.close(true);
  const rows = [adkRow];
  // sessionkit's default (WAL, synchronous=normal), and synchronous=full: an fsync per commit.
  for (const synchronous of ["normal", "full"]) {
    const sk = await sessionServiceFromUrl(`sqlite:${join(dir, `sk-${synchronous}.db`)}`, {
      repositoryOptions: { synchronous },
    });
    if (!(sk instanceof SessionKitSessionService)) throw new Error("unexpected service");
    rows.push(await adkApi(`SessionKitSessionService (sqlite:, synchronous ${synchronous})`, sk));
    await sk.close();
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

const load = apiOnly ? [] : await runnerLoad();
if (!apiOnly) {
  const size = sizes.bigSession.toLocaleString("en");
  console.log(`\nRunner turn on a ${size}-event session (sqlite:), medians in ms`);
  console.log(
    "| maxHistoryEvents | getSession (the Runner's load) | whole turn (load + model + appends) |",
  );
  console.log("| --- | --- | --- |");
  for (const row of load)
    console.log(`| ${row.maxHistoryEvents} | ${fmt(row.load)} | ${fmt(row.turn)} |`);
  const ratio = (field) => (load[0][field] / load[1][field]).toFixed(0);
  console.log(`| ratio | ${ratio("load")}× | ${ratio("turn")}× |`);
}

const [adkRow, skRow, skFull] = await compare();
const ops = [
  ["createSession", `createSession (${sizes.creates} sessions)`],
  ["appendEvent", `appendEvent (${sizes.appends} events, one session)`],
  ["getSession", `getSession, ${sizes.readEvents.toLocaleString("en")} events`],
  ["listSessions", `listSessions, all ${sizes.creates} of a user`],
  ["listPage", "listSessions, limit 50, page 2, desc"],
];
console.log("\nADK API, SQLite file, medians in ms per call");
console.log(
  `| operation | ${adkRow.name} | ${skRow.name} | ${skFull.name} | ADK ÷ sessionkit (normal / full) |`,
);
console.log("| --- | --- | --- | --- | --- |");
for (const [op, label] of ops) {
  const ratio = (row) => (adkRow[op] / row[op]).toFixed(1);
  const cells = [
    label,
    fmt(adkRow[op]),
    fmt(skRow[op]),
    fmt(skFull[op]),
    `${ratio(skRow)}× / ${ratio(skFull)}×`,
  ];
  console.log(`| ${cells.join(" | ")} |`);
}
