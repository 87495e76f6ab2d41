// Appends big events with app/user/session state deltas until killed; prints "ack <i>" after
// each acknowledged append.
import { createJsonFileRepository } from "@sessionkit/json-file-store";

const [root, from] = [process.argv[2], Number(process.argv[3])];
const repo = await createJsonFileRepository({ root });
const key = { appName: "app", userId: "u", sessionId: "crash" };
const filler = "x".repeat(64 * 1024);
process.stdout.write("ready\n");
for (let i = from; ; i++) {
  await repo.appendEvent(key, {
    id: `c${i}`,
    author: "user",
    content: { i, filler },
    stateDelta: { last: i, "app:last": i, "user:last": i },
    timestamp: i,
  });
  process.stdout.write(`ack ${i}\n`);
}
