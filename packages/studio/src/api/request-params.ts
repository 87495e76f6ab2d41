import type { JsonObject } from "@sessionkit/core";
import { studioError } from "./studio-error.js";

/** The query parameters of one API request, read with typed, validated accessors. */
export class RequestParams {
  constructor(
    private readonly query: URLSearchParams,
    /** The API operation, named in error messages. */
    readonly operation: string,
  ) {}

  /** The parameter, or undefined when absent or empty. */
  optional(name: string): string | undefined {
    const value = this.query.get(name);
    return value === null || value === "" ? undefined : value;
  }

  /** The parameter; INVALID_ARGUMENT when absent. */
  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) {
      throw studioError(
        "INVALID_ARGUMENT",
        this.operation,
        `the query parameter "${name}" is missing`,
        `add ${name}=<value> to the request`,
      );
    }
    return value;
  }

  /** A non-negative integer parameter, or `fallback` when absent; INVALID_ARGUMENT otherwise. */
  integer(name: string, fallback: number): number;
  integer(name: string): number | undefined;
  integer(name: string, fallback?: number): number | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 0) {
      throw studioError(
        "INVALID_ARGUMENT",
        this.operation,
        `the query parameter "${name}" must be a non-negative integer, got "${raw}"`,
        `pass ${name} as digits`,
      );
    }
    return value;
  }

  /** A parameter restricted to `choices`, or `fallback` when absent. */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (!(choices as readonly string[]).includes(raw)) {
      throw studioError(
        "INVALID_ARGUMENT",
        this.operation,
        `the query parameter "${name}" must be one of ${choices.join(", ")}, got "${raw}"`,
        `pass one of ${choices.join(", ")}`,
      );
    }
    return raw as T;
  }

  /** A JSON object parameter (e.g. a metadata filter), or undefined when absent. */
  jsonObject(name: string): JsonObject | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw studioError(
        "INVALID_ARGUMENT",
        this.operation,
        `the query parameter "${name}" must be a JSON object, got ${raw.slice(0, 80)}`,
        `pass ${name} as a JSON object, e.g. {"channel":"web"}`,
      );
    }
    return value as JsonObject;
  }

  /** The session key from `app`, `user` and `session`; INVALID_ARGUMENT when one is missing. */
  sessionKey(): { appName: string; userId: string; sessionId: string } {
    return {
      appName: this.required("app"),
      userId: this.required("user"),
      sessionId: this.required("session"),
    };
  }
}
