/**
 * Turns an event's content into readable blocks, recognising the shapes the integrations store:
 * plain text, ADK `{role, parts}` (also inside a whole ADK event), OpenAI Agents items and AI
 * SDK `UIMessage`s (also inside the chat store's `ui-message` events). Pure: no DOM.
 */

/** One readable piece of an event's content. */
export type ContentBlock =
  | { kind: "text"; text: string; role?: string }
  | { kind: "call"; name: string; args: unknown; id?: string }
  | { kind: "result"; name: string; output: unknown; id?: string }
  | { kind: "note"; text: string };

/** The blocks and which format was recognised ("json" when none was). */
export interface RenderedContent {
  format: "text" | "adk" | "openai-agents" | "ai-sdk" | "json";
  blocks: ContentBlock[];
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Renders `content` (any JSON value). */
export function renderContent(content: unknown): RenderedContent {
  if (typeof content === "string")
    return { format: "text", blocks: [{ kind: "text", text: content }] };
  if (!isObj(content)) return { format: "json", blocks: [] };
  if (content.type === "ui-message" && isObj(content.message)) return aiSdk(content.message);
  if (content.type === "ui-truncate") {
    return {
      format: "ai-sdk",
      blocks: [
        { kind: "note", text: `chat truncated to its first ${String(content.keep)} messages` },
      ],
    };
  }
  if (isObj(content.content) && Array.isArray(content.content.parts)) return adk(content.content);
  if (Array.isArray(content.parts)) {
    const parts = content.parts as unknown[];
    return parts.some((p) => isObj(p) && typeof p.type === "string")
      ? aiSdk(content)
      : adk(content);
  }
  const agents = openAiAgentsItem(content);
  if (agents) return agents;
  if (typeof content.text === "string") {
    return { format: "text", blocks: [{ kind: "text", text: content.text, ...role(content) }] };
  }
  return { format: "json", blocks: [] };
}

function role(o: Obj): { role?: string } {
  return typeof o.role === "string" ? { role: o.role } : {};
}

function adk(message: Obj): RenderedContent {
  const blocks: ContentBlock[] = [];
  for (const part of message.parts as unknown[]) {
    if (!isObj(part)) continue;
    if (typeof part.text === "string") {
      blocks.push({ kind: "text", text: part.text, ...role(message) });
    } else if (isObj(part.functionCall)) {
      const call = part.functionCall;
      blocks.push({
        kind: "call",
        name: String(call.name),
        args: call.args ?? {},
        ...idOf(call.id),
      });
    } else if (isObj(part.functionResponse)) {
      const res = part.functionResponse;
      blocks.push({
        kind: "result",
        name: String(res.name),
        output: res.response,
        ...idOf(res.id),
      });
    } else {
      blocks.push({ kind: "note", text: `part: ${Object.keys(part).join(", ")}` });
    }
  }
  return { format: "adk", blocks };
}

function aiSdk(message: Obj): RenderedContent {
  const blocks: ContentBlock[] = [];
  for (const part of (message.parts as unknown[]) ?? []) {
    if (!isObj(part) || typeof part.type !== "string") continue;
    if (part.type === "text" || part.type === "reasoning") {
      const text = String(part.text ?? "");
      blocks.push(
        part.type === "text"
          ? { kind: "text", text, ...role(message) }
          : { kind: "note", text: `reasoning: ${text}` },
      );
    } else if (part.type.startsWith("tool-") || part.type === "dynamic-tool") {
      const name = part.type === "dynamic-tool" ? String(part.toolName) : part.type.slice(5);
      const id = idOf(part.toolCallId);
      blocks.push({ kind: "call", name, args: part.input ?? {}, ...id });
      if (part.output !== undefined)
        blocks.push({ kind: "result", name, output: part.output, ...id });
      else if (part.errorText !== undefined)
        blocks.push({ kind: "result", name, output: { error: part.errorText }, ...id });
    } else if (part.type !== "step-start") {
      blocks.push({ kind: "note", text: part.type });
    }
  }
  return { format: "ai-sdk", blocks };
}

function openAiAgentsItem(item: Obj): RenderedContent | null {
  const type = item.type;
  if (type === "function_call" && typeof item.name === "string") {
    let args: unknown = item.arguments;
    if (typeof args === "string") {
      try {
        args = JSON.parse(args);
      } catch {
        // shown as the string it is
      }
    }
    const id = idOf(item.callId);
    return { format: "openai-agents", blocks: [{ kind: "call", name: item.name, args, ...id }] };
  }
  if (type === "function_call_result") {
    const output =
      isObj(item.output) && typeof item.output.text === "string" ? item.output.text : item.output;
    const id = idOf(item.callId);
    return {
      format: "openai-agents",
      blocks: [{ kind: "result", name: String(item.name ?? "tool"), output, ...id }],
    };
  }
  if ((type === "message" || type === undefined) && typeof item.role === "string") {
    if (typeof item.content === "string") {
      return {
        format: "openai-agents",
        blocks: [{ kind: "text", text: item.content, role: item.role }],
      };
    }
    if (Array.isArray(item.content)) {
      const blocks: ContentBlock[] = [];
      for (const part of item.content as unknown[]) {
        if (isObj(part) && typeof part.text === "string") {
          blocks.push({ kind: "text", text: part.text, role: item.role });
        } else if (isObj(part) && typeof part.refusal === "string") {
          blocks.push({ kind: "note", text: `refusal: ${part.refusal}` });
        }
      }
      return { format: "openai-agents", blocks };
    }
  }
  if (type === "reasoning" && Array.isArray(item.content)) {
    const text = (item.content as unknown[])
      .map((p) => (isObj(p) && typeof p.text === "string" ? p.text : ""))
      .join(" ");
    return { format: "openai-agents", blocks: [{ kind: "note", text: `reasoning: ${text}` }] };
  }
  return null;
}

function idOf(id: unknown): { id?: string } {
  return typeof id === "string" && id !== "" ? { id } : {};
}

/** One line for the timeline row: the first text, call or result, else compact JSON. */
export function summaryLine(content: unknown, max = 160): string {
  const { blocks } = renderContent(content);
  const first = blocks[0];
  let text: string;
  if (first === undefined) text = content === null ? "null" : (JSON.stringify(content) ?? "");
  else if (first.kind === "text" || first.kind === "note") text = first.text;
  else if (first.kind === "call") text = `→ ${first.name}(${JSON.stringify(first.args) ?? ""})`;
  else
    text = `← ${first.name}: ${typeof first.output === "string" ? first.output : JSON.stringify(first.output)}`;
  if (blocks.length > 1) text += ` (+${blocks.length - 1})`;
  text = text.replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
