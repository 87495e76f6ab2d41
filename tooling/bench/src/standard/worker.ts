/**
 * One subject's standard workloads in a fresh process, so its peak RSS is its own. Argument:
 * JSON { subject, dir, sizes }. Prints one JSON line: { subject, results: WorkloadResult[] }.
 */
import { loadSubjects } from "./registry.js";
import type { StandardSizes } from "./sizes.js";
import { runWorkloads } from "./workloads.js";

interface WorkerConfig {
  subject: string;
  dir: string;
  sizes: StandardSizes;
}

const config = JSON.parse(process.argv[2] as string) as WorkerConfig;
const factory = (await loadSubjects((m) => process.stderr.write(`${m}\n`))).find(
  (f) => f.name === config.subject,
);
if (!factory) throw new Error(`no subject named ${config.subject}`);
const subject = await factory.open(config.dir);
const results = await runWorkloads(factory, subject, config.sizes);
await subject.close();
process.stdout.write(`${JSON.stringify({ subject: factory.name, results })}\n`);
// Peers may leave handles open (pools, timers): the figures are out, end the process.
process.exit(0);
