import { describeSessionRepository } from "@sessionkit/conformance";
import { remoteTarget } from "./support/targets.js";

describeSessionRepository(remoteTarget("http"));
