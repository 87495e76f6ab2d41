import { describeSessionRepository } from "@sessionkit/conformance";
import { fileTarget } from "./support/targets.js";

describeSessionRepository(fileTarget("native"));
