// Worker thread of the background checkpointer (`@sessionkit/sql/checkpoint`), on libsql.
import { existsSync } from "node:fs";
import { runCheckpointWorker } from "@sessionkit/sql/checkpoint";
import Database from "libsql";

runCheckpointWorker((path) => {
  // libsql has no `fileMustExist`: never create an empty database where the file went away.
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  return new Database(path);
});
