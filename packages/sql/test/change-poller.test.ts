import { ChangePoller, Lane, WatchHub } from "@sessionkit/sql";
import type { SqlRequest } from "@sessionkit/sql/driver";
import { expect, it } from "vitest";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("a release handed out before stop() does not unbalance the watchers that come after it", async () => {
  const polls: SqlRequest[] = [];
  // Answers PRAGMA data_version like SQLite would for a file nobody else writes.
  const driver = {
    execute(request: SqlRequest) {
      polls.push(request);
      return [{ data_version: 1 }];
    },
  };
  const poller = new ChangePoller(new Lane(), () => driver as never, new WatchHub(), 5);
  const stale = poller.acquire();
  poller.stop();
  const current = poller.acquire();
  stale(); // must not count: the watcher it belonged to is gone with stop()
  await sleep(30);
  const whileWatching = polls.length;
  expect(whileWatching).toBeGreaterThan(1); // still polling for `current`
  current(); // the last real watcher leaves: polling stops
  await sleep(30);
  const afterRelease = polls.length;
  await sleep(30);
  expect(polls.length).toBe(afterRelease);
  // And a new watcher starts polling again from a clean count.
  const next = poller.acquire();
  await sleep(30);
  expect(polls.length).toBeGreaterThan(afterRelease);
  next();
});
