import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { type BackupResult, SessionKitError } from "@sessionkit/core";
import { redactUrl } from "@sessionkit/core/adapter-kit";
import { type ResolvedPostgresOptions, withoutSchemaParam } from "./options.js";

/**
 * The pg_dump command line that backs up one store (its schema only, custom format, restorable
 * with `pg_restore --dbname=… file`), with the password moved out of the arguments into
 * `PGPASSWORD` so it never shows in a process list or a message.
 */
export function dumpCommand(
  o: Pick<ResolvedPostgresOptions, "url" | "schema">,
  destination: string,
): { args: string[]; env: Record<string, string> } {
  const args = ["--format=custom", `--schema=${o.schema}`, `--file=${destination}`, "--no-owner"];
  const env: Record<string, string> = {};
  if (o.url !== undefined) {
    const url = new URL(withoutSchemaParam(o.url));
    if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
    url.password = "";
    args.push(`--dbname=${url.toString()}`);
  }
  return { args, env };
}

/**
 * Backs up the store with `pg_dump` (which must be on PATH, at least the server's version):
 * a consistent snapshot of the schema taken while writers go on.
 * @throws IO when pg_dump is missing or fails (its message, without the password).
 */
export function dumpSchema(o: ResolvedPostgresOptions, destination: string): Promise<BackupResult> {
  const { args, env } = dumpCommand(o, destination);
  const ctx = { adapter: "postgres", operation: "backup", subject: destination };
  return new Promise<BackupResult>((resolve, reject) => {
    const child = spawn("pg_dump", args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(
        new SessionKitError({
          ...ctx,
          code: "IO",
          problem:
            error.code === "ENOENT"
              ? "pg_dump is not on PATH"
              : `pg_dump could not start: ${error.message}`,
          remedy:
            "install the PostgreSQL client tools (Debian: postgresql-client) matching the server's major version",
          cause: error,
        }),
      );
    });
    child.on("close", (code) => {
      if (code !== 0) {
        const message = o.url ? stderr.split(o.url).join(redactUrl(o.url)) : stderr;
        reject(
          new SessionKitError({
            ...ctx,
            code: "IO",
            problem: `pg_dump exited with ${code}: ${message.trim()}`,
          }),
        );
        return;
      }
      stat(destination).then(
        (s) => resolve({ destination, bytes: s.size }),
        (error: unknown) =>
          reject(
            new SessionKitError({
              ...ctx,
              code: "IO",
              problem: "pg_dump wrote no file",
              cause: error,
            }),
          ),
      );
    });
  });
}
