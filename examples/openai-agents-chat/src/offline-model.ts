import {
  type AgentInputItem,
  type AgentOutputItem,
  type Model,
  type ModelRequest,
  type ModelResponse,
  type StreamEvent,
  Usage,
} from "@openai/agents-core";

type ResponseDone = Extract<StreamEvent, { type: "response_done" }>;

/**
 * A stand-in for an LLM so the example runs offline: it implements the Agents SDK's `Model`
 * interface with a few rules. It only "remembers" what the runner sends it — the session's
 * history — so its answers show whether the history came back after a restart.
 */
export class OfflineModel implements Model {
  private calls = 0;

  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    this.calls += 1;
    const input: AgentInputItem[] =
      typeof request.input === "string"
        ? [{ role: "user", content: request.input }]
        : request.input;
    return {
      usage: new Usage({ requests: 1, inputTokens: 0, outputTokens: 0, totalTokens: 0 }),
      output: answer(input, this.calls),
      responseId: `offline_${this.calls}`,
    };
  }

  async *getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent> {
    const response = await this.getResponse(request);
    const usage = { requests: 1, inputTokens: 0, outputTokens: 0, totalTokens: 0 };
    const output = response.output as ResponseDone["response"]["output"];
    yield { type: "response_done", response: { id: `offline_${this.calls}`, usage, output } };
  }
}

/** The rules: a tool result is reported; otherwise the latest user message decides. */
function answer(input: AgentInputItem[], call: number): AgentOutputItem[] {
  const last = input.at(-1);
  if (last?.type === "function_call_result") {
    const output = last.output as { text?: string } | string;
    return [say(`It is ${typeof output === "string" ? output : output.text} right now.`, call)];
  }
  const userTexts = input.flatMap((item) =>
    "role" in item && item.role === "user" && typeof item.content === "string"
      ? [item.content]
      : [],
  );
  const text = userTexts.at(-1) ?? "";
  const city = /weather in (\w+)/i.exec(text)?.[1];
  if (city) {
    const args = JSON.stringify({ city });
    return [
      {
        type: "function_call",
        callId: `call_${call}`,
        name: "get_weather",
        status: "completed",
        arguments: args,
      },
    ];
  }
  const introduced = /my name is (\w+)/i.exec(text)?.[1];
  if (introduced) return [say(`Nice to meet you, ${introduced}!`, call)];
  if (/what is my name/i.test(text)) {
    const name = userTexts
      .map((earlier) => /my name is (\w+)/i.exec(earlier)?.[1])
      .findLast(Boolean);
    return [say(name ? `Your name is ${name}.` : "You have not told me your name yet.", call)];
  }
  return [say(`I remember ${userTexts.length - 1} earlier message(s) of yours.`, call)];
}

function say(text: string, call: number): AgentOutputItem {
  return {
    id: `msg_${call}`,
    type: "message",
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text }],
  };
}
