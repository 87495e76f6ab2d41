// Worker thread of the background checkpointer (`@sessionkit/sql/checkpoint`), on better-sqlite3.
import { runCheckpointWorker } from "@sessionkit/sql/checkpoint";
import Database from "better-sqlite3";

runCheckpointWorker((path) => new Database(path, { fileMustExist: true }));
