import { BaseLlm, type BaseLlmConnection, type LlmRequest, type LlmResponse } from "@google/adk";

/**
 * A stand-in for Gemini that needs no network or API key: ADK's `BaseLlm` with replies written
 * as a function of the request. Swap it for `model: "gemini-2.5-flash"` in a real app.
 */
export class ScriptedModel extends BaseLlm {
  constructor(private readonly reply: (request: LlmRequest) => LlmResponse) {
    super({ model: "scripted" });
  }

  override async *generateContentAsync(request: LlmRequest): AsyncGenerator<LlmResponse, void> {
    yield this.reply(request);
  }

  override async connect(): Promise<BaseLlmConnection> {
    throw new Error("the scripted model has no live (bidirectional) mode");
  }
}
