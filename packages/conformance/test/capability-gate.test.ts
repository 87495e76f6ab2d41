import { MemoryRepository, type RepositoryCapabilities } from "@sessionkit/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { describeSessionRepository } from "../src/index.js";
import { capabilityGate } from "../src/support/skip.js";

const capabilities: RepositoryCapabilities = {
  ...new MemoryRepository().capabilities,
  search: "none",
  transactions: "single-session",
};

describe("capabilityGate", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("runs with the plain title when the capability is present", () => {
    const info = vi.spyOn(console, "info").mockImplementation(() => undefined);
    const target = {
      name: "gate-present",
      capabilities,
      create: async () => new MemoryRepository(),
    };
    expect(capabilityGate(target, "searchEvents", true, 'capabilities.search is "none"')).toEqual({
      skip: false,
      title: "searchEvents",
    });
    expect(info).not.toHaveBeenCalled();
  });

  it("skips with the reason in the title and prints it once per target and reason", () => {
    const info = vi.spyOn(console, "info").mockImplementation(() => undefined);
    const target = {
      name: "gate-absent",
      capabilities,
      create: async () => new MemoryRepository(),
    };
    const reason = 'capabilities.search is "none"';
    expect(capabilityGate(target, "searchEvents", false, reason)).toEqual({
      skip: true,
      title: 'searchEvents (skipped: capabilities.search is "none")',
    });
    capabilityGate(target, "another test", false, reason);
    expect(info).toHaveBeenCalledTimes(1);
    expect(String(info.mock.calls[0]?.[0])).toContain("gate-absent");
    expect(String(info.mock.calls[0]?.[0])).toContain(reason);
  });
});

/**
 * The same reference implementation declared without search and with single-session transactions:
 * the suite must skip exactly the search and multi-session tests (see their titles) and nothing else.
 */
describeSessionRepository(
  {
    name: "MemoryRepository declared without search",
    capabilities,
    create: async () => new MemoryRepository(),
  },
  { modelRuns: 5 },
);

describe("options.only", () => {
  it("rejects unknown group names, listing the known ones", () => {
    expect(() =>
      describeSessionRepository(
        { name: "only", capabilities, create: async () => new MemoryRepository() },
        { only: ["listing", "nope"] },
      ),
    ).toThrow(/unknown group\(s\) nope.*known: sessions, getOrCreate, events/);
  });
});

describeSessionRepository(
  {
    name: "MemoryRepository, listing group only",
    capabilities,
    create: async () => new MemoryRepository(),
  },
  { only: ["listing"] },
);
