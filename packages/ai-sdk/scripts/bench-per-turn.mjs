// Per-turn persistence cost of an AI SDK chat with a long history: @sessionkit/ai-sdk on SQLite
// (loadChat + saveChat of one new user/assistant pair) against the pattern AI SDK users write by
// hand — one JSON file per chat, read with JSON.parse and rewritten whole on every turn (the AI SDK
// persistence guide's `writeFile(file, JSON.stringify(messages, null, 2))`). Not part of `pnpm
// test`. Run after building: `pnpm --filter @sessionkit/ai-sdk... run build && pnpm --filter
// @sessionkit/ai-sdk run bench` (HISTORY=10000 TURNS=30 by default).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createChatStore } from "@sessionkit/ai-sdk";
import { createSqliteRepository } from "@sessionkit/sqlite";

const HISTORY = Number(process.env.HISTORY ?? 10_000);
const TURNS = Number(process.env.TURNS ?? 30);
const SEED_BATCH = 1_000;

const filler =
  "The quick brown fox jumps over the lazy dog while the assistant explains the plan in detail. ";
function userMessage(i) {
  return { id: `u${i}`, role: "user", parts: [{ type: "text", text: `Question ${i}: ${filler}` }] };
}
function assistantMessage(i) {
  return {
    id: `a${i}`,
    role: "assistant",
    metadata: { model: "scripted", turn: i },
    parts: [
      { type: "step-start" },
      { type: "text", text: `Answer ${i}: ${filler.repeat(4)}`, state: "done" },
    ],
  };
}
function conversation(pairs, from = 0) {
  const messages = [];
  for (let i = from; i < from + pairs; i++) messages.push(userMessage(i), assistantMessage(i));
  return messages;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${x.toFixed(2)} ms`;

async function timeTurns(label, turn) {
  const load = [];
  const save = [];
  const total = [];
  for (let t = 0; t < TURNS; t++) {
    const pair = HISTORY / 2 + (turn.offset ?? 0) + t;
    const t0 = performance.now();
    const history = await turn.load();
    const t1 = performance.now();
    await turn.save([...history, userMessage(pair), assistantMessage(pair)]);
    const t2 = performance.now();
    if (history.length !== 2 * pair) throw new Error(`${label}: history has ${history.length}`);
    load.push(t1 - t0);
    save.push(t2 - t1);
    total.push(t2 - t0);
  }
  return { label, load: median(load), save: median(save), total: median(total) };
}

const dir = mkdtempSync(join(tmpdir(), "sessionkit-ai-sdk-bench-"));
try {
  // sessionkit: one session per chat, one event per message.
  const dbPath = join(dir, "chats.db");
  const repository = createSqliteRepository({ path: dbPath });
  const chats = createChatStore(repository, { appName: "bench", userId: "u" });
  const seeded = [];
  for (let pairs = 0; pairs < HISTORY / 2; pairs += SEED_BATCH / 2) {
    seeded.push(...conversation(SEED_BATCH / 2, pairs));
    await chats.saveChat({ chatId: "long", messages: seeded });
  }
  const sessionkit = await timeTurns("sessionkit sqlite (loadChat + saveChat)", {
    load: () => chats.loadChat("long"),
    save: (messages) => chats.saveChat({ chatId: "long", messages }),
  });
  // The same without the in-process snapshot cache: every call reads the whole chat (a new
  // process per request, or a chat not used for a while).
  const uncached = createChatStore(repository, { appName: "bench", userId: "u", cachedChats: 0 });
  const cold = await timeTurns("sessionkit sqlite, cachedChats: 0 (whole chat read per call)", {
    load: () => uncached.loadChat("long"),
    save: (messages) => uncached.saveChat({ chatId: "long", messages }),
    offset: TURNS,
  });
  await repository.close();

  // The hand-written JSON blob per chat.
  const file = join(dir, "long.json");
  await writeFile(file, JSON.stringify(conversation(HISTORY / 2), null, 2));
  const blob = await timeTurns("JSON file per chat, rewritten per turn", {
    load: async () => JSON.parse(await readFile(file, "utf8")),
    save: (messages) => writeFile(file, JSON.stringify(messages, null, 2)),
  });

  console.log(
    `history ${HISTORY} messages, ${TURNS} turns (one user + one assistant message each), medians`,
  );
  console.log(`| approach | load | save | turn |`);
  console.log(`|---|---|---|---|`);
  for (const r of [sessionkit, cold, blob])
    console.log(`| ${r.label} | ${ms(r.load)} | ${ms(r.save)} | ${ms(r.total)} |`);
  console.log(
    `turn ratio JSON / sessionkit: ${(blob.total / sessionkit.total).toFixed(2)}× (cached), ${(blob.total / cold.total).toFixed(2)}× (cachedChats: 0)`,
  );
  console.log(
    `sizes: sqlite ${(statSync(dbPath).size / 1e6).toFixed(1)} MB, JSON ${(statSync(file).size / 1e6).toFixed(1)} MB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
