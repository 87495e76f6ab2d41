import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type AgentInputItem, MemorySession, run, type Session } from "@openai/agents-core";
import { afterAll, describe, expect, it } from "vitest";
import { SessionKitSessions } from "../src/index.js";
import { chatAgent } from "./support/chat-agent.mjs";
import { removeTemporaryDirectories, storeKinds } from "./support/stores.js";

const execFileAsync = promisify(execFile);
const child = join(dirname(fileURLToPath(import.meta.url)), "support", "resume-child.mjs");
afterAll(removeTemporaryDirectories);

/** A compact picture of a history: role or type of each item. */
const shape = (items: AgentInputItem[]) =>
  items.map((item) => (item as { role?: string }).role ?? (item as { type: string }).type);

/** Three turns, the second with a tool call; returns the final outputs and the model's inputs. */
async function threeTurns(session: Session) {
  const { agent, model } = chatAgent();
  const outputs: unknown[] = [];
  for (const input of ["hello, I am Ada", "what is the weather in Paris?", "thanks"]) {
    outputs.push((await run(agent, input, { session })).finalOutput);
  }
  return { outputs, inputs: model.inputs };
}

const expectedShape = [
  "user",
  "assistant",
  "user",
  "reasoning",
  "function_call",
  "function_call_result",
  "assistant",
  "user",
  "assistant",
];

describe.each(storeKinds.filter((kind) => kind.name !== "memory"))(
  "the SDK's run() with a scripted model on $name",
  (kind) => {
    it("persists several turns with tool calls exactly as MemorySession holds them, and a new process resumes", async () => {
      const { repository, url } = await kind.open();
      const sessions = new SessionKitSessions(repository);
      const session = sessions.session("chat-1", { userId: "ada" });
      const stored = await threeTurns(session);
      const reference = new MemorySession();
      const inMemory = await threeTurns(reference);

      expect(stored.outputs).toEqual([
        'You said "hello, I am Ada" (user message 1 I can see).',
        "Weather report: Paris: 21°C and sunny",
        'You said "thanks" (user message 3 I can see).',
      ]);
      expect(stored.outputs).toEqual(inMemory.outputs);
      const items = await session.getItems();
      expect(shape(items)).toEqual(expectedShape);
      // The same items, to the byte, as the SDK's own session holds after the same run.
      expect(JSON.stringify(items)).toBe(JSON.stringify(await reference.getItems()));
      // The model saw the stored history on every call.
      expect(JSON.stringify(stored.inputs)).toBe(JSON.stringify(inMemory.inputs));
      expect(shape(stored.inputs.at(-1) as AgentInputItem[])).toEqual(expectedShape.slice(0, -1));
      await sessions.close();

      const { stdout } = await execFileAsync(process.execPath, [
        child,
        url,
        "chat-1",
        "ada",
        "and now?",
      ]);
      const resumed = JSON.parse(stdout) as {
        finalOutput: string;
        modelInput: AgentInputItem[];
        items: AgentInputItem[];
      };
      expect(resumed.finalOutput).toBe('You said "and now?" (user message 4 I can see).');
      expect(JSON.stringify(resumed.modelInput.slice(0, items.length))).toBe(JSON.stringify(items));
      expect(shape(resumed.items)).toEqual([...expectedShape, "user", "assistant"]);

      const reopened = await kind.open(url);
      const again = new SessionKitSessions(reopened.repository).session("chat-1", {
        userId: "ada",
      });
      expect(JSON.stringify(await again.getItems())).toBe(JSON.stringify(resumed.items));
      expect(await reopened.repository.checkIntegrity()).toEqual({ ok: true, problems: [] });
      await reopened.repository.close();
    });

    it("a streamed run stores the same items as MemorySession", async () => {
      const { repository } = await kind.open();
      const session = new SessionKitSessions(repository).session("streamed");
      const reference = new MemorySession();
      for (const target of [session, reference]) {
        const { agent } = chatAgent();
        for (const input of ["hi", "what is the weather in Rome?"]) {
          const result = await run(agent, input, { session: target, stream: true });
          for await (const _event of result) {
            // drain the stream; the turn is stored when it completes
          }
          await result.completed;
        }
      }
      const items = await session.getItems();
      expect(shape(items)).toEqual(expectedShape.slice(0, 7));
      expect(JSON.stringify(items)).toBe(JSON.stringify(await reference.getItems()));
      await repository.close();
    });

    it("concurrent runs on one session lose nothing", async () => {
      const { repository } = await kind.open();
      const sessions = new SessionKitSessions(repository);
      const { agent } = chatAgent();
      const messages = Array.from({ length: 6 }, (_, index) => `message ${index}`);
      // Three session objects for one conversation, as three request handlers would hold them.
      const handles = [0, 1, 2].map(() => sessions.session("busy"));
      await Promise.all(
        messages.map((message, index) =>
          run(agent, message, { session: handles[index % 3] as Session }),
        ),
      );
      const items = await (handles[0] as Session).getItems();
      expect(items).toHaveLength(12);
      const texts = items.map((item) => JSON.stringify(item));
      for (const message of messages) {
        expect(texts.filter((text) => text.includes(`"${message}"`))).toHaveLength(1);
        expect(texts.filter((text) => text.includes(`You said \\"${message}\\"`))).toHaveLength(1);
      }
      expect(await repository.checkIntegrity()).toEqual({ ok: true, problems: [] });
      await sessions.close();
    });
  },
);
