import type { JsonValue, SessionKey } from "@sessionkit/core";
import { contentText } from "./content-text.js";

/** "1.4 MB" style sizes (powers of 1,024, one decimal above bytes). */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** One line of at most `max` characters; longer text ends with "…". */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/**
 * A readable one-line summary of event content: text (also of ADK-style `{ role, parts }`, see
 * contentText) as is, anything else as compact JSON.
 */
export function summarizeContent(content: JsonValue, max = 80): string {
  return oneLine(contentText(content) ?? JSON.stringify(content), max);
}

/** ISO-8601 time, or "-" for none. */
export function isoTime(time: number | null): string {
  return time === null ? "-" : new Date(time).toISOString();
}

/** `app / user / id`, the way keys are shown to people. */
export function describeSessionKey(key: SessionKey): string {
  return `${key.appName} / ${key.userId} / ${key.sessionId}`;
}
