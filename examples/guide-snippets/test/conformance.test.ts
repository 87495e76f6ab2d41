import { describeSessionRepository } from "@sessionkit/conformance";
import { MemoryRepository } from "@sessionkit/core";
import { instrument } from "../src/instrumented-repository.js";

describeSessionRepository(
  {
    name: "instrumented memory repository",
    capabilities: new MemoryRepository().capabilities, // declare what your adapter supports
    create: async () => instrument(new MemoryRepository()), // a fresh, isolated store per test
    destroy: async () => {}, // remove files/databases here for a persistent adapter
  },
  { modelRuns: 25 },
);
