import {
  type AgentInputItem,
  type AgentOutputItem,
  type Model,
  type ModelRequest,
  type ModelResponse,
  type StreamEvent,
  Usage,
} from "@openai/agents-core";

/** What the script answers to one model call: the output items of that response. */
export type Script = (input: AgentInputItem[], call: number) => AgentOutputItem[];

/**
 * An Agents SDK `Model` that answers from a script instead of the network: each call passes
 * the request's input items (history included) to the script and returns its output items.
 * Every request's input is recorded so tests can check what history the model saw.
 */
export class ScriptedModel implements Model {
  readonly inputs: AgentInputItem[][] = [];

  constructor(private readonly script: Script) {}

  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    const input =
      typeof request.input === "string"
        ? [{ role: "user" as const, content: request.input }]
        : structuredClone(request.input);
    this.inputs.push(input);
    const output = this.script(input, this.inputs.length);
    return {
      usage: new Usage({ requests: 1, inputTokens: 1, outputTokens: 1, totalTokens: 2 }),
      output,
      responseId: `resp_${this.inputs.length}`,
    };
  }

  async *getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent> {
    const response = await this.getResponse(request);
    yield {
      type: "response_done",
      response: {
        id: response.responseId ?? "resp",
        usage: { requests: 1, inputTokens: 1, outputTokens: 1, totalTokens: 2 },
        // The stream event's schema types output narrower than ModelResponse does.
        output: response.output as Extract<
          StreamEvent,
          { type: "response_done" }
        >["response"]["output"],
      },
    };
  }
}

/** An assistant message output item. */
export function assistantMessage(text: string, id: string): AgentOutputItem {
  return {
    id,
    type: "message",
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text }],
  };
}

/** A function call output item. */
export function functionCall(name: string, args: object, callId: string): AgentOutputItem {
  return {
    id: `fc_${callId}`,
    type: "function_call",
    name,
    callId,
    status: "completed",
    arguments: JSON.stringify(args),
  };
}

/** The text of the latest user message in the model input. */
export function lastUserText(input: AgentInputItem[]): string {
  for (let index = input.length - 1; index >= 0; index -= 1) {
    const item = input[index] as { role?: string; content?: unknown };
    if (item.role !== "user") continue;
    if (typeof item.content === "string") return item.content;
    if (Array.isArray(item.content)) {
      return item.content
        .map((part: { text?: string }) => part.text ?? "")
        .join("")
        .trim();
    }
  }
  return "";
}
