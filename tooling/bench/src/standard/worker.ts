/**
 * Standard workloads in a fresh process, so peak RSS belongs to what it runs. Argument: JSON
 * { subjects: string[], dir, sizes, blocks }. One subject: a plain run. Two (a floor and its
 * adapter): interleaved block by block. Prints one JSON line: { results, blockTimes }.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { findSubject } from "./registry.js";
import type { StandardSizes } from "./sizes.js";
import { type BlockTimes, type OpenSubject, runWorkloads } from "./workloads.js";

interface WorkerConfig {
  subjects: string[];
  dir: string;
  sizes: StandardSizes;
  blocks: number;
}

const config = JSON.parse(process.argv[2] as string) as WorkerConfig;
const open: OpenSubject[] = [];
for (const [k, name] of config.subjects.entries()) {
  const factory = await findSubject(name, (m) => process.stderr.write(`${m}\n`));
  if (!factory) throw new Error(`no subject named ${name}`);
  const dir = join(config.dir, String(k));
  mkdirSync(dir, { recursive: true });
  open.push({ factory, subject: await factory.open(dir) });
}
const blockTimes: BlockTimes = {};
const results = await runWorkloads(open, config.sizes, config.blocks, blockTimes);
for (const o of open) await o.subject.close();
// Peers may leave handles open (pools, timers): end the process once the line is flushed.
process.stdout.write(`${JSON.stringify({ results, blockTimes })}\n`, () => process.exit(0));
