import { describeSessionRepository } from "@sessionkit/conformance";
import { memoryTarget } from "./support/targets.js";

describeSessionRepository(memoryTarget("native"));
