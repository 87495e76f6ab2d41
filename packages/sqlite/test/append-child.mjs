// Child: appends `count` events to one session of the file, then exits.
import { createSqliteRepository } from "@sessionkit/sqlite";

const [path, count] = process.argv.slice(2);
const repo = createSqliteRepository({ path });
const key = { appName: "app", userId: "u1", sessionId: "s1" };
for (let i = 0; i < Number(count); i++) {
  await repo.appendEvent(key, {
    id: `child-${i}`,
    author: "child",
    content: { text: `from child ${i}` },
  });
}
await repo.close();
