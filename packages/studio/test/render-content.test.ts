import { describe, expect, it } from "vitest";
import { renderContent, summaryLine } from "../web/src/content/render-content.js";

describe("renderContent recognises each integration's event content", () => {
  it("plain text, as a string or { text }", () => {
    expect(renderContent("hello")).toEqual({
      format: "text",
      blocks: [{ kind: "text", text: "hello" }],
    });
    expect(renderContent({ text: "hi", role: "user" })).toEqual({
      format: "text",
      blocks: [{ kind: "text", text: "hi", role: "user" }],
    });
  });

  it("ADK {role, parts} with function calls and responses, also inside a whole ADK event", () => {
    const message = {
      role: "model",
      parts: [
        { text: "Let me look." },
        { functionCall: { id: "c1", name: "lookup", args: { id: 7 } } },
        { functionResponse: { id: "c1", name: "lookup", response: { ok: true } } },
      ],
    };
    const expected = {
      format: "adk",
      blocks: [
        { kind: "text", text: "Let me look.", role: "model" },
        { kind: "call", name: "lookup", args: { id: 7 }, id: "c1" },
        { kind: "result", name: "lookup", output: { ok: true }, id: "c1" },
      ],
    };
    expect(renderContent(message)).toEqual(expected);
    expect(renderContent({ id: "e1", author: "agent", content: message, actions: {} })).toEqual(
      expected,
    );
  });

  it("OpenAI Agents items: messages, function calls (JSON arguments) and results", () => {
    expect(renderContent({ role: "user", content: "Book a table" }).blocks).toEqual([
      { kind: "text", text: "Book a table", role: "user" },
    ]);
    expect(
      renderContent({
        type: "message",
        role: "assistant",
        content: [{ type: "output_text", text: "Done." }],
      }),
    ).toEqual({
      format: "openai-agents",
      blocks: [{ kind: "text", text: "Done.", role: "assistant" }],
    });
    expect(
      renderContent({ type: "function_call", name: "book", callId: "x", arguments: '{"n":2}' })
        .blocks,
    ).toEqual([{ kind: "call", name: "book", args: { n: 2 }, id: "x" }]);
    expect(
      renderContent({
        type: "function_call_result",
        name: "book",
        callId: "x",
        output: { type: "text", text: "ok" },
      }).blocks,
    ).toEqual([{ kind: "result", name: "book", output: "ok", id: "x" }]);
  });

  it("AI SDK UIMessages, bare or in @sessionkit/ai-sdk's ui-message events, and truncations", () => {
    const message = {
      id: "m2",
      role: "assistant",
      parts: [
        { type: "step-start" },
        {
          type: "tool-weather",
          toolCallId: "t1",
          state: "output-available",
          input: { city: "Oslo" },
          output: { c: 3 },
        },
        { type: "text", text: "3 °C." },
      ],
    };
    const expected = {
      format: "ai-sdk",
      blocks: [
        { kind: "call", name: "weather", args: { city: "Oslo" }, id: "t1" },
        { kind: "result", name: "weather", output: { c: 3 }, id: "t1" },
        { kind: "text", text: "3 °C.", role: "assistant" },
      ],
    };
    expect(renderContent(message)).toEqual(expected);
    expect(renderContent({ type: "ui-message", change: "added", message })).toEqual(expected);
    expect(
      renderContent({ type: "ui-truncate", keep: 2, removedMessageIds: ["m3"] }).blocks,
    ).toEqual([{ kind: "note", text: "chat truncated to its first 2 messages" }]);
  });

  it("anything else is JSON, summarised on one line", () => {
    expect(renderContent({ anything: [1, 2] })).toEqual({ format: "json", blocks: [] });
    expect(renderContent(null)).toEqual({ format: "json", blocks: [] });
    expect(summaryLine({ anything: [1, 2] })).toBe('{"anything":[1,2]}');
    expect(summaryLine({ type: "function_call", name: "f", arguments: "{}" })).toBe("→ f({})");
    expect(summaryLine("a\n  b".repeat(100), 20)).toHaveLength(20);
  });
});
