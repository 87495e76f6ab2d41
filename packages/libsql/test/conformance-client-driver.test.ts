import { describeSessionRepository } from "@sessionkit/conformance";
import { fileTarget, memoryTarget } from "./support/targets.js";

// Embedded mode on @libsql/client instead of the default synchronous driver (embeddedDriver: "client").
describeSessionRepository(memoryTarget("client"));
describeSessionRepository(fileTarget("client"), { crashTrials: 5 });
