import type { SessionRepository } from "@sessionkit/core";
import { usageError } from "@sessionkit/core/cli";
import { recordedLegacyStore, startStudio } from "@sessionkit/studio";
import type { Command } from "commander";
import { contextOf, nonEmpty } from "../cli/context.js";
import { integerAtLeast } from "../cli/parsers.js";
import { openStore } from "../store/open-store.js";

interface StudioCliOptions {
  store?: string;
  legacy?: string;
  allowWrites?: boolean;
  port?: number;
}

/** A store URL fit to show on screen: any password replaced by `***`. */
export function displayUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/i, "$1***@");
}

/**
 * `studio`: serves the local web inspector on 127.0.0.1 (a free port, a random token in the
 * printed URL) until Ctrl-C. Read-only unless --allow-writes. On a phased migration's target
 * it also opens the legacy store (--legacy, or the json:/sqlite: location the record names).
 */
export function registerStudio(program: Command): void {
  program
    .command("studio")
    .description(
      "open a local web inspector of the store (127.0.0.1, token-protected, read-only by default)",
    )
    .option("--store <url>", "the store to inspect (same as --db; a phased migration's target)")
    .option(
      "--legacy <url>",
      "a phased migration's legacy store (default: the one its record names)",
    )
    .option("--allow-writes", "allow expire, delete and state edits (each confirmed in the page)")
    .option("--port <n>", "listen on this port (default: a free one)", integerAtLeast(1))
    .action(async (options: StudioCliOptions, cmd: Command) => {
      const ctx = contextOf(cmd);
      const url = nonEmpty(options.store) ?? ctx.dbUrl;
      if (url === undefined) {
        throw usageError(
          "no store given",
          "pass --store <url> (or --db <url>, or set SESSIONKIT_URL), e.g. sessionkit studio --store sqlite:./sessions.db",
        );
      }
      const mode = options.allowWrites ? "write" : "read";
      const opened: SessionRepository[] = [];
      try {
        const repository = await openStore(url, mode);
        opened.push(repository);
        const legacyUrl = nonEmpty(options.legacy) ?? (await recordedLegacyStore(repository));
        const legacy = legacyUrl ? await openStore(legacyUrl, "read") : undefined;
        if (legacy) opened.push(legacy);
        const studio = await startStudio({
          store: { name: displayUrl(url), repository },
          ...(legacy && legacyUrl
            ? { legacy: { name: displayUrl(legacyUrl), repository: legacy } }
            : {}),
          allowWrites: options.allowWrites === true,
          ...(options.port !== undefined ? { port: options.port } : {}),
        });
        if (ctx.json)
          ctx.printJson(
            { url: studio.url, port: studio.port, readOnly: !options.allowWrites },
            true,
          );
        else {
          ctx.print(`sessionkit studio: ${studio.url}`);
          ctx.note(
            `${options.allowWrites ? "writes allowed (each confirmed in the page)" : "read-only"}; serving ${displayUrl(url)}${legacyUrl ? ` and legacy ${displayUrl(legacyUrl)}` : ""} on 127.0.0.1 only. Press Ctrl-C to stop.`,
          );
        }
        await untilInterrupted();
        await studio.close();
      } finally {
        for (const repository of opened) await repository.close().catch(() => {});
      }
    });
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      // `on`/`off`, not `once`: proper-lockfile's signal-exit re-raises a signal no other listener handles.
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
