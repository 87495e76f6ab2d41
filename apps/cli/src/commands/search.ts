import type { Command } from "commander";
import { contextOf } from "../cli/context.js";
import { integerAtLeast } from "../cli/parsers.js";
import { addScopeOptions, requireApp, type ScopeOptions } from "../cli/scope-options.js";
import { withStore } from "../cli/with-store.js";
import { oneLine } from "../output/format.js";
import { relativeTime } from "../output/relative-time.js";
import { renderTable } from "../output/table.js";

interface SearchCliOptions extends ScopeOptions {
  session?: string;
  limit: number;
}

/** `search <query>`: events of active sessions containing every term, most relevant first. */
export function registerSearch(program: Command): void {
  const command = program
    .command("search")
    .description("find events containing every word of <query> (active sessions only)")
    .argument("<query>", "words to look for (all must match, case-insensitive)")
    .option("--session <id>", "only this session")
    .option("--limit <n>", "at most n hits (1-1000)", integerAtLeast(1), 20);
  addScopeOptions(command, { app: "app name (required)", user: "only this user's sessions" });
  command.action(async (query: string, options: SearchCliOptions, cmd: Command) => {
    const ctx = contextOf(cmd);
    const appName = requireApp(options);
    const hits = await withStore(ctx, "existing", (repo) =>
      repo.searchEvents({
        appName,
        query,
        limit: options.limit,
        ...(options.user !== undefined ? { userId: options.user } : {}),
        ...(options.session !== undefined ? { sessionId: options.session } : {}),
      }),
    );
    if (ctx.json) {
      ctx.printJson({ hits });
      return;
    }
    if (hits.length === 0) {
      ctx.print(`No events match "${query}" in app "${appName}".`);
      return;
    }
    const now = Date.now();
    const rows = hits.map((hit) => [
      hit.key.sessionId,
      hit.key.userId,
      hit.event.seq,
      relativeTime(hit.event.timestamp, now),
      hit.event.author,
      highlight(oneLine(hit.snippet, 90), ctx.colors.yellow),
    ]);
    ctx.print(
      renderTable(["session", "user", "seq", "time", "author", "snippet"], rows, ctx.colors),
    );
  });
}

/** Colours the `[matched]` terms of a snippet (brackets kept, so it reads without colour). */
function highlight(snippet: string, paint: (text: string) => string): string {
  return snippet.replace(/\[[^\]]*\]/g, (match) => paint(match));
}
