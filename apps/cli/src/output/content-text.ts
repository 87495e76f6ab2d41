import type { JsonObject, JsonValue } from "@sessionkit/core";

/**
 * Readable text for event content, or null when the shape is not one people write by hand:
 * a string; `{ text }`; or ADK / Gemini-style `{ role?, parts: [...] }`, whose parts become
 * their text, `→ name(args)` for a function call, `← name: response` for a function response
 * and `[mimeType]` for inline or file data, joined by spaces.
 */
export function contentText(content: JsonValue): string | null {
  if (typeof content === "string") return content;
  if (!isObject(content)) return null;
  if (typeof content.text === "string") return content.text;
  if (!Array.isArray(content.parts)) return null;
  const parts = content.parts.map(partText).filter((text) => text !== "");
  return parts.length === 0 ? null : parts.join(" ");
}

function partText(part: JsonValue): string {
  if (typeof part === "string") return part;
  if (!isObject(part)) return JSON.stringify(part);
  if (typeof part.text === "string") return part.text;
  const call = part.functionCall;
  if (isObject(call)) return `→ ${String(call.name)}(${JSON.stringify(call.args ?? {})})`;
  const response = part.functionResponse;
  if (isObject(response)) {
    return `← ${String(response.name)}: ${JSON.stringify(response.response ?? null)}`;
  }
  const data = isObject(part.inlineData) ? part.inlineData : part.fileData;
  if (isObject(data)) return `[${typeof data.mimeType === "string" ? data.mimeType : "data"}]`;
  return JSON.stringify(part);
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
