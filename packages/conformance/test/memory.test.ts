import { MemoryRepository } from "@sessionkit/core";
import { describeSessionRepository } from "../dist/index.js";

describeSessionRepository({
  name: "MemoryRepository",
  capabilities: new MemoryRepository().capabilities,
  create: async () => new MemoryRepository(),
});
