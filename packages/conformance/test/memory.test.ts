import { MemoryRepository } from "@sessionkit/core";
import { describeSessionRepository } from "../src/index.js";

/** The reference implementation must pass every group that applies to it. */
describeSessionRepository({
  name: "MemoryRepository",
  capabilities: new MemoryRepository().capabilities,
  create: async () => new MemoryRepository(),
});
