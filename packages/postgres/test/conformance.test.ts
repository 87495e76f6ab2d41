import { describeSessionRepository } from "@sessionkit/conformance";
import { inject } from "vitest";
import { postgresTarget } from "./support/targets.js";

describeSessionRepository(postgresTarget(inject("pgUrl")), { writers: 8, crashTrials: 10 });
