import { describeSqliteJsonPhase } from "./support/sqlite-json-conformance.js";

await describeSqliteJsonPhase("target-only");
