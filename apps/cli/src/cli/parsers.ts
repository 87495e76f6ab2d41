import type { JsonObject } from "@sessionkit/core";
import { InvalidArgumentError } from "commander";

/** Commander parser for a whole number ≥ `min`. */
export function integerAtLeast(min: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim())) {
      throw new InvalidArgumentError(`expected a whole number ≥ ${min}, got "${value}".`);
    }
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(`expected a whole number ≥ ${min}, got "${value}".`);
    }
    return parsed;
  };
}

/** Commander parser for a positive number of hours (fractions allowed, e.g. 0.5). */
export function positiveHours(value: string): number {
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed) || parsed <= 0) {
    throw new InvalidArgumentError(`expected a positive number of hours, got "${value}".`);
  }
  return parsed;
}

/** Commander parser for a JSON object (`--state '{"k":1}'`). */
export function jsonObject(value: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new InvalidArgumentError(`not valid JSON (${(error as Error).message}).`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new InvalidArgumentError(`expected a JSON object such as '{"key":"value"}'.`);
  }
  return parsed as JsonObject;
}

/** Commander parser for an ISO-8601 instant; returns ms since the epoch. */
export function isoInstant(value: string): number {
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) {
    throw new InvalidArgumentError(
      `expected an ISO-8601 date or time such as 2026-01-31 or 2026-01-31T12:00:00Z, got "${value}".`,
    );
  }
  return time;
}

/** Commander parser restricted to a fixed set of words. */
export function oneOf<T extends string>(...choices: T[]): (value: string) => T {
  return (value) => {
    if (!(choices as string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${choices.join(", ")}, got "${value}".`);
    }
    return value as T;
  };
}
