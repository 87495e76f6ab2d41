import { createSqliteRepository } from "@sessionkit/sqlite";

const repo = createSqliteRepository({ path: "./data/sessions.db" }); // parent dirs are created
const key = { appName: "chat", userId: "ada", sessionId: "s1" };
await repo.createSession(key, { state: { "user:lang": "en", "temp:draft": "…", step: 1 } });
await repo.appendEvent(key, { author: "user", content: { text: "hi" } });
await repo.appendEvent(key, {
  author: "bot",
  content: { text: "hello!" },
  stateDelta: { step: 2, "app:greeted": 1 },
});
const session = await repo.getSession(key, { recentEvents: 20 }); // null when missing
console.log(
  session?.events?.map((e) => `${e.seq}:${e.author}`),
  session?.state,
);
// [ '1:user', '2:bot' ] { step: 2, 'app:greeted': 1, 'user:lang': 'en' }
await repo.close();
