// Holds the lock on argv[2] until killed, or until a line arrives on stdin (then releases it
// and prints "released"). argv[3]: "adapter" takes it the way the adapter does (proper-lockfile
// plus the owner sidecar, from the built package); "plain" with proper-lockfile alone (no
// sidecar, so only its age can make it stale). argv[4]: staleMs.
import { lock } from "proper-lockfile";

const [target, mode, staleArg] = process.argv.slice(2);
const staleMs = Number(staleArg ?? 5000);
let release;
if (mode === "plain") {
  release = await lock(target, { stale: staleMs, realpath: false });
} else {
  const { acquireFileLock } = await import(new URL("../dist/file-lock.js", import.meta.url).href);
  const held = await acquireFileLock(target, { timeoutMs: 10_000, staleMs });
  release = () => held.release();
}
process.stdout.write("locked\n");
process.stdin.once("data", async () => {
  await release();
  process.stdout.write("released\n");
});
setInterval(() => {}, 1000);
