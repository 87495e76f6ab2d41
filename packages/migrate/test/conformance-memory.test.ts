import { describeSessionRepository } from "@sessionkit/conformance";
import { MemoryRepository } from "@sessionkit/core";
import { PHASES } from "@sessionkit/migrate";
import { checkMirrorAndClose, openPhased } from "./support/phased-targets.js";

// The phased repository over two in-memory stores, in each of the four phases. After every
// test, the mirrored phases must leave both stores identical, with no drift and no shadow mismatch.
for (const phase of PHASES) {
  describeSessionRepository(
    {
      name: `phased (${phase}, memory → memory)`,
      capabilities: new MemoryRepository().capabilities,
      create: () => openPhased(new MemoryRepository(), new MemoryRepository(), phase),
      destroy: checkMirrorAndClose,
    },
    { modelRuns: 10 },
  );
}
