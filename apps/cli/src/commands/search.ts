import type { SearchHit, SearchOrder } from "@sessionkit/core";
import { type Command, Option } from "commander";
import { contextOf } from "../cli/context.js";
import { integerAtLeast } from "../cli/parsers.js";
import { addScopeOptions, requireApp, type ScopeOptions } from "../cli/scope-options.js";
import { skippedFiles } from "../cli/skipped-files.js";
import { withStore } from "../cli/with-store.js";
import type { Colors } from "../output/colors.js";
import { oneLine } from "../output/format.js";
import { relativeTime } from "../output/relative-time.js";
import { renderTable } from "../output/table.js";

interface SearchCliOptions extends ScopeOptions {
  session?: string;
  limit: number;
  order: SearchOrder;
}

/**
 * `search <query>`: events of active sessions containing every term, most relevant first
 * (BM25), or newest first with `--order newest`.
 */
export function registerSearch(program: Command): void {
  const command = program
    .command("search")
    .description("find events containing every word of <query> (active sessions only)")
    .argument(
      "<query>",
      "words to look for, any language (all must match as whole words; case, accents and width ignored)",
    )
    .option("--session <id>", "only this session")
    .option("--limit <n>", "at most n hits (1-1000)", integerAtLeast(1), 20)
    .addOption(
      new Option("--order <order>", "relevance (BM25) or newest first")
        .choices(["relevance", "newest"])
        .default("relevance"),
    );
  addScopeOptions(command, { app: "app name (required)", user: "only this user's sessions" });
  command.action(async (query: string, options: SearchCliOptions, cmd: Command) => {
    const ctx = contextOf(cmd);
    const appName = requireApp(options);
    const skipped = skippedFiles();
    const hits = await withStore(ctx, "read", (repo) =>
      repo.searchEvents({
        appName,
        onCorrupt: skipped.onCorrupt,
        query,
        order: options.order,
        limit: options.limit,
        ...(options.user !== undefined ? { userId: options.user } : {}),
        ...(options.session !== undefined ? { sessionId: options.session } : {}),
      }),
    );
    if (ctx.json) ctx.printJson({ hits });
    else if (hits.length === 0) ctx.print(`No events match "${query}" in app "${appName}".`);
    else ctx.print(hitsTable(hits, ctx.colors));
    skipped.report(ctx);
  });
}

/** Search hits as a table, the matched terms highlighted. */
function hitsTable(hits: SearchHit[], colors: Colors): string {
  const now = Date.now();
  const rows = hits.map((hit) => [
    hit.key.sessionId,
    hit.key.userId,
    hit.event.seq,
    relativeTime(hit.event.timestamp, now),
    hit.event.author,
    highlight(oneLine(hit.snippet, 90), colors.yellow),
  ]);
  return renderTable(["session", "user", "seq", "time", "author", "snippet"], rows, colors);
}

/** Colours the `[matched]` terms of a snippet (brackets kept, so it reads without colour). */
function highlight(snippet: string, paint: (text: string) => string): string {
  return snippet.replace(/\[[^\]]*\]/g, (match) => paint(match));
}
