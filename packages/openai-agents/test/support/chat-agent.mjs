// The agent every runner test uses — a real Agents SDK Agent with a function tool, answered by a
// scripted Model (no network). Plain JavaScript so a child process can import it without a
// build step; types in chat-agent.d.mts.
import { Agent, tool, Usage } from "@openai/agents-core";
import { z } from "zod";

/**
 * An Agents SDK Model that answers from a script instead of the network. Each call gives the
 * request's input items (the session history included) to the script and returns its output.
 * Every request's input is recorded.
 */
export class ScriptedModel {
  inputs = [];

  constructor(script) {
    this.script = script;
  }

  async getResponse(request) {
    const input =
      typeof request.input === "string"
        ? [{ role: "user", content: request.input }]
        : structuredClone(request.input);
    this.inputs.push(input);
    return {
      usage: new Usage({ requests: 1, inputTokens: 1, outputTokens: 1, totalTokens: 2 }),
      output: this.script(input, this.inputs.length),
      responseId: `resp_${this.inputs.length}`,
    };
  }

  async *getStreamedResponse(request) {
    const response = await this.getResponse(request);
    yield {
      type: "response_done",
      response: {
        id: response.responseId,
        usage: { requests: 1, inputTokens: 1, outputTokens: 1, totalTokens: 2 },
        output: response.output,
      },
    };
  }
}

/** The text of the latest user message among the input items. */
export function lastUserText(input) {
  for (let index = input.length - 1; index >= 0; index -= 1) {
    const item = input[index];
    if (item.role !== "user") continue;
    if (typeof item.content === "string") return item.content;
    return item.content.map((part) => part.text ?? "").join("");
  }
  return "";
}

/**
 * The chat script: "weather in <city>" calls the get_weather tool, a tool result is answered
 * with its text, anything else is answered with a count of the user messages the model saw —
 * which shows whether the history came back from the session.
 */
export function chatScript(input, call) {
  const last = input.at(-1);
  if (last?.type === "function_call_result") {
    return [assistantMessage(`Weather report: ${last.output.text}`, `msg_${call}`)];
  }
  const text = lastUserText(input);
  const city = /weather in (\w+)/i.exec(text)?.[1];
  if (city) {
    return [
      {
        type: "reasoning",
        id: `rs_${call}`,
        content: [{ type: "input_text", text: `look up ${city}` }],
        providerData: { encryptedContent: `enc-${call}` },
      },
      {
        type: "function_call",
        id: `fc_${call}`,
        callId: `call_${call}`,
        name: "get_weather",
        status: "completed",
        arguments: JSON.stringify({ city }),
      },
    ];
  }
  const userTurns = input.filter((item) => item.role === "user").length;
  return [
    assistantMessage(`You said "${text}" (user message ${userTurns} I can see).`, `msg_${call}`),
  ];
}

function assistantMessage(text, id) {
  return {
    id,
    type: "message",
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text }],
  };
}

/** A weather tool whose answer is deterministic. */
export const getWeather = tool({
  name: "get_weather",
  description: "The weather in a city.",
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `${city}: 21°C and sunny`,
});

/** A new chat agent on a new scripted model (with its own request log). */
export function chatAgent(options = {}) {
  const model = new ScriptedModel(options.script ?? chatScript);
  const agent = new Agent({
    name: "assistant",
    instructions: "Be brief.",
    model,
    tools: [getWeather],
    ...(options.outputGuardrails ? { outputGuardrails: options.outputGuardrails } : {}),
  });
  return { agent, model };
}
