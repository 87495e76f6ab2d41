import { InMemorySessionService } from "@google/adk";
import type { SubjectFactory } from "../standard/subject.js";
import { ADK_NO_BATCH, AdkSubject } from "./adk-subject.js";

/** Google ADK-JS's InMemorySessionService (@google/adk): nothing on disk. */
export const adkInMemorySubject: SubjectFactory = {
  name: "ADK-JS InMemorySessionService",
  kind: "peer",
  unsupported: { W5: ADK_NO_BATCH },
  async open() {
    return new AdkSubject(new InMemorySessionService(), null);
  },
};
