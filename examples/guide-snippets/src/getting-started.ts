import { createSqliteRepository } from "@sessionkit/sqlite";

const repo = createSqliteRepository({ path: "./data/sessions.db" }); // parent dirs are created
const key = { appName: "chat", userId: "ada", sessionId: "s1" };
await repo.getOrCreateSession(key, { state: { "user:lang": "en", "temp:draft": "…", step: 1 } });
await repo.appendEvent(key, { author: "user", content: { text: "hi" } });
await repo.updateState(key, { step: 2, "app:greeted": true }); // recorded as a `system` event
const session = await repo.getSession(key, { recentEvents: 20 }); // null when missing
const history = session?.events?.map((e) => `${e.seq}:${e.author}`);
console.log(session?.state, history);
await repo.close();
// prints: { step: 2, 'app:greeted': true, 'user:lang': 'en' } [ '1:user', '2:system' ]
