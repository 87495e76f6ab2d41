import type { SessionRepository } from "@sessionkit/core";
import { afterEach, beforeEach } from "vitest";
import type { ConformanceTarget } from "../target.js";

/**
 * Registers the per-test fixture in the current `describe`: a fresh repository from
 * `target.create()` before each test, closed and handed to `target.destroy()` after it.
 * Returns a getter for the current test's repository.
 */
export function useRepository(target: ConformanceTarget): () => SessionRepository {
  let current: SessionRepository | undefined;
  beforeEach(async () => {
    current = await target.create();
  });
  afterEach(async () => {
    const repository = current;
    current = undefined;
    if (!repository) return;
    try {
      await repository.close();
    } finally {
      await target.destroy?.(repository);
    }
  });
  return () => {
    if (!current) throw new Error("the conformance fixture has no repository outside a test");
    return current;
  };
}
