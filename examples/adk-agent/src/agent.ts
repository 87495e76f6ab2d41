import { FunctionTool, LlmAgent, type LlmRequest, type LlmResponse } from "@google/adk";
import { ScriptedModel } from "./scripted-model.js";

/** A tool's parameter schema (`@google/genai`'s Schema, named here without depending on it). */
type ToolParameters = ConstructorParameters<typeof FunctionTool>[0]["parameters"];

/** A tool that writes state in three scopes: the session's, the user's and the app's. */
const setCity = new FunctionTool({
  name: "set_city",
  description: "Remembers the user's city.",
  parameters: {
    type: "OBJECT",
    properties: { city: { type: "STRING" } },
    required: ["city"],
  } as unknown as ToolParameters,
  execute: (input, context) => {
    const { city } = input as { city: string };
    const state = context?.state;
    state?.set("user:city", city);
    state?.set("cities_this_session", [
      ...(state.get<string[]>("cities_this_session") ?? []),
      city,
    ]);
    state?.set("app:cities_set", (state.get<number>("app:cities_set") ?? 0) + 1);
    return { saved: city };
  },
});

const text = (t: string): LlmResponse => ({ content: { role: "model", parts: [{ text: t }] } });

/** "I live in X" calls the tool; anything else is answered with what the session remembers. */
function reply(request: LlmRequest): LlmResponse {
  const last = request.contents.at(-1)?.parts?.at(-1);
  if (last?.functionResponse)
    return text(`Got it, ${String(last.functionResponse.response?.saved)}.`);
  const said = last?.text ?? "";
  const city = /^I live in (.+)$/i.exec(said)?.[1];
  if (city) {
    return {
      content: { role: "model", parts: [{ functionCall: { name: "set_city", args: { city } } }] },
    };
  }
  const turns = request.contents.filter(
    (c) => c.role === "user" && c.parts?.some((p) => p.text),
  ).length;
  return text(`You said "${said}" (turn ${turns} of what I was shown).`);
}

/** The example's agent: one LlmAgent on the scripted model, with the set_city tool. */
export function createAgent(): LlmAgent {
  return new LlmAgent({
    name: "concierge",
    description: "Remembers where the user lives.",
    model: new ScriptedModel(reply),
    instruction: "Remember the user's city.",
    tools: [setCity],
  });
}
