import { Agent, tool } from "@openai/agents-core";
import { z } from "zod";
import { OfflineModel } from "./offline-model.js";

/** A weather tool with a fixed answer, so the example's tool calls are reproducible. */
const getWeather = tool({
  name: "get_weather",
  description: "The current weather in a city.",
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `18°C and cloudy in ${city}`,
});

/** The example's agent: the offline model and one tool. Use a real model in your app. */
export function createAssistant(): Agent {
  return new Agent({
    name: "assistant",
    instructions: "Answer briefly.",
    model: new OfflineModel(),
    tools: [getWeather],
  });
}
