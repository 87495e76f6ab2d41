import type { Command } from "commander";
import { registerSessionsCreate } from "./sessions-create.js";
import { registerSessionsDelete } from "./sessions-delete.js";
import { registerSessionsExpire } from "./sessions-expire.js";
import { registerSessionsList } from "./sessions-list.js";
import { registerSessionsShow } from "./sessions-show.js";

/** `sessions create|list|show|delete|expire`. */
export function registerSessions(program: Command): void {
  const sessions = program
    .command("sessions")
    .description("create, list, show, delete and expire sessions");
  registerSessionsCreate(sessions);
  registerSessionsList(sessions);
  registerSessionsShow(sessions);
  registerSessionsDelete(sessions);
  registerSessionsExpire(sessions);
}
