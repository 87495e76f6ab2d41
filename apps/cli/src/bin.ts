#!/usr/bin/env node
import { main } from "./main.js";

const code = await main(process.argv);
process.exitCode = code;
// Exit even if a driver left a handle open; stdout and stderr are synchronous for files and pipes.
setTimeout(() => process.exit(code), 2_000).unref();
