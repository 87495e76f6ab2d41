import { randomUUID } from "node:crypto";

/** A new random id (UUID v4) for sessions and events whose caller gave none. */
export function generateId(): string {
  return randomUUID();
}
