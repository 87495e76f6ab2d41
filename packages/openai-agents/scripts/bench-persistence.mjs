// Per-turn persistence cost of an Agents SDK session with a 10,000-item history: sessionkit on
// SQLite (a file, WAL, as an app runs it) next to the SDK's MemorySession. Not part of
// `pnpm test`; run after a build: `pnpm --filter @sessionkit/openai-agents run bench`.
// Prints medians (and p95) in microseconds as a Markdown table.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { MemorySession } from "@openai/agents-core";
import { SessionKitSession } from "@sessionkit/openai-agents";
import { openFromUrl } from "@sessionkit/sqlite";

const HISTORY = Number(process.env.BENCH_HISTORY ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const WARMUP = 20;

/** One turn as the runner stores it: user message, function call, its result, the answer. */
function turn(index) {
  return [
    { role: "user", content: `Question ${index}: what is the weather in city ${index % 97}?` },
    {
      type: "function_call",
      id: `fc_${index}`,
      callId: `call_${index}`,
      name: "get_weather",
      status: "completed",
      arguments: JSON.stringify({ city: `city ${index % 97}` }),
    },
    {
      type: "function_call_result",
      callId: `call_${index}`,
      name: "get_weather",
      status: "completed",
      output: { type: "text", text: `city ${index % 97}: 21°C, sunny, wind 10 km/h from the west` },
    },
    {
      id: `msg_${index}`,
      type: "message",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: `It is 21°C and sunny in city ${index % 97}.` }],
    },
  ];
}

function history(items) {
  const all = [];
  for (let index = 0; all.length < items; index += 1) all.push(...turn(index));
  return all.slice(0, items);
}

/** Times `action` RUNS times (after WARMUP); `undo` (not timed) restores the history after each. */
async function measure(action, undo = async () => {}) {
  const samples = [];
  for (let run = 0; run < WARMUP + RUNS; run += 1) {
    const start = performance.now();
    await action(run);
    const elapsed = performance.now() - start;
    if (run >= WARMUP) samples.push(elapsed * 1000);
    await undo();
  }
  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { median: at(0.5), p95: at(0.95) };
}

async function fill(session, items) {
  for (let start = 0; start < items.length; start += 1_000) {
    await session.addItems(items.slice(start, start + 1_000));
  }
}

async function subjects() {
  const dir = mkdtempSync(join(tmpdir(), "sessionkit-agents-bench-"));
  const repository = await openFromUrl(`sqlite:${join(dir, "bench.db")}`);
  const sqlite = new SessionKitSession({ repository, sessionId: "bench" });
  const short = new SessionKitSession({ repository, sessionId: "short" });
  const memory = new MemorySession({ sessionId: "bench" });
  const items = history(HISTORY);
  await fill(sqlite, items);
  await fill(short, items.slice(0, 100));
  await fill(memory, items);
  return {
    list: [
      [`sessionkit sqlite (file), ${HISTORY.toLocaleString("en")} items`, sqlite],
      ["SDK MemorySession, same history", memory],
      ["sessionkit sqlite (file), 100 items (same file)", short],
    ],
    async close() {
      await repository.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const { list, close } = await subjects();
const rows = [];
for (const [name, session] of list) {
  // Every write is undone (four pops, not timed), so each sample sees the same history length.
  const undoTurn = async () => {
    for (let item = 0; item < 4; item += 1) await session.popItem();
  };
  const read = await measure(() => session.getItems(20));
  const append = await measure((run) => session.addItems(turn(HISTORY + run)), undoTurn);
  const transaction = await measure(
    (run) =>
      session.applyHistoryTransaction({
        operationId: `bench-${run}`,
        transaction: { type: "append_items", items: turn(HISTORY * 2 + run) },
      }),
    undoTurn,
  );
  rows.push({ name, read, append, transaction });
}
await close();

const us = ({ median, p95 }) => `${median.toFixed(1)} µs (p95 ${p95.toFixed(1)})`;
console.log(
  `history ${HISTORY.toLocaleString("en")} items (turns of 4 items; every write undone by 4 untimed pops), ${RUNS} runs each, node ${process.version}`,
);
console.log("");
console.log(
  "| subject | getItems(20) | addItems(one turn) | applyHistoryTransaction(append one turn) |",
);
console.log("| --- | --- | --- | --- |");
for (const { name, read, append, transaction } of rows) {
  console.log(`| ${name} | ${us(read)} | ${us(append)} | ${us(transaction)} |`);
}
