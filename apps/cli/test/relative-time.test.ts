import { describe, expect, it } from "vitest";
import { relativeTime } from "../src/output/relative-time.js";

describe("relativeTime", () => {
  const now = Date.UTC(2026, 0, 15, 12);
  it.each([
    [now, "just now"],
    [now - 5_000, "5 seconds ago"],
    [now - 3 * 60_000, "3 minutes ago"],
    [now - 60 * 60_000, "1 hour ago"],
    [now - 26 * 3_600_000, "yesterday"],
    [now - 3 * 24 * 3_600_000, "3 days ago"],
    [now - 400 * 24 * 3_600_000, "last year"],
    [now + 2 * 3_600_000, "in 2 hours"],
  ])("%i → %s", (time, text) => {
    expect(relativeTime(time, now)).toBe(text);
  });
});
