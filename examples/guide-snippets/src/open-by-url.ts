import { openRepository } from "@sessionkit/core";

// memory:  sqlite:./data/s.db  file:./data/s.db (libSQL)  libsql://db.turso.io  json:./legacy
const repo = await openRepository(process.env.SESSIONKIT_URL ?? "sqlite:./data/sessions.db");
console.log(repo.capabilities);
await repo.close();
