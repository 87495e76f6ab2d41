import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (where .changeset/config.json and node_modules/@changesets/cli are). */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** The repository's changesets configuration. */
export function repositoryConfig(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, ".changeset", "config.json"), "utf8"));
}

/**
 * A throwaway git repository with an npm-workspaces monorepo in it, for running the real
 * `changeset` CLI (the repository's own, with its patches) against fixtures.
 */
export class Fixture {
  readonly dir = mkdtempSync(join(tmpdir(), "sessionkit-release-"));

  constructor(config: Record<string, unknown>) {
    this.json("package.json", { name: "fixture", private: true, workspaces: ["packages/*"] });
    this.json(".changeset/config.json", config);
    this.git("init", "-q", "-b", "main");
  }

  write(file: string, text: string): void {
    mkdirSync(dirname(join(this.dir, file)), { recursive: true });
    writeFileSync(join(this.dir, file), text);
  }

  json(file: string, value: unknown): void {
    this.write(file, `${JSON.stringify(value, null, 2)}\n`);
  }

  read(file: string): string {
    return readFileSync(join(this.dir, file), "utf8");
  }

  git(...args: string[]): string {
    return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
      cwd: this.dir,
      encoding: "utf8",
    }).trim();
  }

  /** Commits everything; returns the full hash. */
  commit(message: string): string {
    this.git("add", ".");
    this.git("commit", "-q", "-m", message);
    return this.git("rev-parse", "HEAD");
  }

  changeset(...args: string[]): void {
    execFileSync(
      process.execPath,
      [join(root, "node_modules", "@changesets", "cli", "bin.js"), ...args],
      { cwd: this.dir, stdio: "pipe" },
    );
  }
}
