import { describeSqliteJsonPhase } from "./support/sqlite-json-conformance.js";

await describeSqliteJsonPhase("dual-write");
