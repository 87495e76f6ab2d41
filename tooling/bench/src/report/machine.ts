import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { arch, cpus, loadavg, platform, release, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** What the report says about the machine a run measured. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
  };
}

/** The 1-, 5- and 15-minute load averages, rounded. */
export function loadAverage(): number[] {
  return loadavg().map((x) => Math.round(x * 100) / 100);
}

const BENCH_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Installed versions of everything the harness depends on (sessionkit packages, drivers, peers),
 * read from the package.json each resolves to under the harness's node_modules.
 */
export function packageVersions(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(BENCH_ROOT, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }).filter(
    (n) => !n.startsWith("@types/"),
  );
  const out: Record<string, string> = {};
  for (const name of names.sort()) {
    try {
      const pkg = JSON.parse(
        readFileSync(join(BENCH_ROOT, "node_modules", name, "package.json"), "utf8"),
      ) as {
        version: string;
      };
      out[name] = pkg.version;
    } catch {
      out[name] = "not installed";
    }
  }
  return out;
}

/** The checkout measured: short commit hash, "+ local changes" when the tree is dirty; null outside git. */
export function gitRevision(): string | null {
  try {
    const opts = {
      cwd: BENCH_ROOT,
      encoding: "utf8" as const,
      stdio: ["ignore", "pipe", "ignore"] as ["ignore", "pipe", "ignore"],
    };
    const hash = execFileSync("git", ["rev-parse", "--short", "HEAD"], opts).trim();
    const dirty =
      execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], opts).trim() !== "";
    return dirty ? `${hash} + local changes` : hash;
  } catch {
    return null;
  }
}
