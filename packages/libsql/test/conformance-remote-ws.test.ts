import { describeSessionRepository } from "@sessionkit/conformance";
import { remoteTarget } from "./support/targets.js";

// Eight writer processes, 300 appends each, as in the hang report (issue "eight concurrent
// writers hang forever"): on existing sessions and racing to create them.
describeSessionRepository(remoteTarget("ws"), { writers: 8, writerEvents: 300 });
