// Child for "two processes open a fresh file at the same moment": waits until the agreed
// instant, opens the file and writes, prints "ok" or the error code.
import { createSqliteRepository } from "@sessionkit/sqlite";

const [path, startAt, name] = process.argv.slice(2);
while (Date.now() < Number(startAt)) {
  // spin until the shared start instant so both opens really overlap
}
try {
  const repo = createSqliteRepository({ path });
  await repo.createSession({ appName: "race", userId: name, sessionId: "s" });
  await repo.appendEvent(
    { appName: "race", userId: name, sessionId: "s" },
    { author: name, content: "hi" },
  );
  await repo.close();
  process.stdout.write("ok\n");
} catch (error) {
  process.stdout.write(`${error.code ?? "ERROR"} ${error.message}\n`);
  process.exitCode = 1;
}
