import type {
  Agent,
  AgentInputItem,
  AgentOutputItem,
  Model,
  ModelRequest,
  ModelResponse,
  OutputGuardrail,
  StreamEvent,
} from "@openai/agents-core";

export type Script = (input: AgentInputItem[], call: number) => AgentOutputItem[];

export declare class ScriptedModel implements Model {
  readonly inputs: AgentInputItem[][];
  constructor(script: Script);
  getResponse(request: ModelRequest): Promise<ModelResponse>;
  getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent>;
}

export declare function lastUserText(input: AgentInputItem[]): string;
export declare const chatScript: Script;
export declare function chatAgent(options?: {
  script?: Script;
  outputGuardrails?: OutputGuardrail[];
}): { agent: Agent; model: ScriptedModel };
