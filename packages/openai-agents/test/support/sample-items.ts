import type { AgentInputItem } from "@openai/agents-core";

/** A user message as plain text. */
export function userText(text: string): AgentInputItem {
  return { role: "user", content: text };
}

/**
 * One item of every kind a conversation stores: text and multi-part messages, an image by URL
 * and by file id, reasoning with provider data (encrypted content), a function call and its
 * result, unicode, a "__proto__" key and numbers that JSON keeps exactly.
 */
export function everyKindOfItem(): AgentInputItem[] {
  return [
    { role: "system", content: "You are terse." },
    {
      role: "user",
      content: [
        { type: "input_text", text: "What is on this picture? ünïcødé 🎉" },
        { type: "input_image", image: "https://example.com/cat.png", detail: "low" },
        { type: "input_image", image: { id: "file_abc123" } },
      ],
    },
    {
      type: "reasoning",
      id: "rs_1",
      content: [{ type: "input_text", text: "The user wants a description." }],
      rawContent: [{ type: "reasoning_text", text: "step 1; step 2" }],
      providerData: { encryptedContent: "gAAAA…==", summary: [] },
    },
    {
      type: "function_call",
      id: "fc_1",
      callId: "call_1",
      name: "describe_image",
      status: "completed",
      arguments: '{"url":"https://example.com/cat.png","precision":0.25}',
    },
    {
      type: "function_call_result",
      callId: "call_1",
      name: "describe_image",
      status: "completed",
      output: { type: "text", text: "a cat" },
      // JSON.parse: an object literal's "__proto__" would set the prototype, not a key.
      providerData: JSON.parse('{"nested":{"__proto__":"data","big":12345678901234,"neg":-0.5}}'),
    },
    {
      id: "msg_1",
      type: "message",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: "A cat.", providerData: { annotations: [] } }],
    },
  ] as AgentInputItem[];
}
