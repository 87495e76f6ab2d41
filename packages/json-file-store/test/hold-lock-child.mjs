// Holds a sessionkit lock file on argv[2] until killed: writes it the way the adapter does.
import { open } from "node:fs/promises";
import { hostname } from "node:os";

const handle = await open(`${process.argv[2]}.lock`, "wx");
await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), token: "child" }));
await handle.close();
process.stdout.write("locked\n");
setInterval(() => {}, 1000);
