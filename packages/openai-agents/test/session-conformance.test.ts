import { MemorySession } from "@openai/agents-core";
import { afterAll } from "vitest";
import { SessionKitSession } from "../src/index.js";
import {
  type Divergences,
  memorySessionBehaviour,
  sessionConformance,
} from "./support/session-conformance.js";
import { removeTemporaryDirectories, storeKinds } from "./support/stores.js";

/** SessionKitSession's intentional differences from MemorySession, each asserted by the suite. */
const sessionKitBehaviour: Divergences = {
  // Typed errors with a code (CONFLICT: operation id reused; STALE: suffix does not match).
  transactionErrors: "SessionKitError",
  // The operation ids live in the append-only log: a late retry never resurrects cleared items.
  operationIdsSurviveClear: true,
  // Items are stored as JSON: what comes back is the item's JSON text, byte for byte.
  undefinedMembers: "dropped",
  // JSON has no bytes: images and files are stored by reference (URL, data URL string, file id).
  binaryData: "rejected",
};

// The SDK's own MemorySession: proves the suite's expectations are the SDK's.
sessionConformance("MemorySession (SDK)", async () => new MemorySession(), memorySessionBehaviour);

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers) await close();
  removeTemporaryDirectories();
});

for (const kind of storeKinds) {
  let shared: Promise<{ repository: import("@sessionkit/core").SessionRepository }> | undefined;
  sessionConformance(
    `SessionKitSession on ${kind.name}`,
    async () => {
      shared ??= kind.open().then((opened) => {
        closers.push(() => opened.repository.close());
        return opened;
      });
      return new SessionKitSession({ repository: (await shared).repository });
    },
    sessionKitBehaviour,
  );
}
