#!/usr/bin/env node
import { main } from "./cli.js";

const code = await main(process.argv);
process.exitCode = code;
// Do not let a lingering handle (lock refresh timer, driver) keep the process alive.
setTimeout(() => process.exit(code), 1_000).unref();
