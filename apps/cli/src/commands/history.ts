import type { Command } from "commander";
import { contextOf } from "../cli/context.js";
import { integerAtLeast } from "../cli/parsers.js";
import { addScopeOptions, type ScopeOptions } from "../cli/scope-options.js";
import { withStore } from "../cli/with-store.js";
import { eventLine, eventsTable } from "../output/event-view.js";
import { describeSessionKey } from "../output/format.js";
import { followEvents } from "../store/follow-events.js";
import { readHistory } from "../store/read-history.js";
import { resolveSessionKey } from "../store/resolve-session-key.js";
import { KEY_HINTS, sessionNotFound } from "./sessions-show.js";

interface HistoryOptions extends ScopeOptions {
  last?: number;
  afterSeq?: number;
  follow?: boolean;
}

/**
 * `history <id>`: a session's events in seq order. With --follow it keeps printing new events
 * until Ctrl-C (exit 0); with --json --follow every event is one JSON line (NDJSON).
 */
export function registerHistory(program: Command): void {
  const command = program
    .command("history")
    .description("print a session's events in order; --follow keeps printing new ones")
    .argument("<id>", "session id")
    .option("--last <n>", "only the last n events", integerAtLeast(0))
    .option("--after-seq <n>", "only events with seq greater than n", integerAtLeast(0))
    .option("--follow", "keep printing new events until interrupted (Ctrl-C)");
  addScopeOptions(command, KEY_HINTS);
  command.action(async (id: string, options: HistoryOptions, cmd: Command) => {
    const ctx = contextOf(cmd);
    await withStore(ctx, "read", async (repo) => {
      const key = await resolveSessionKey(repo, id, options);
      const session = await repo.getSession(key, { recentEvents: 0, includeExpired: true });
      if (session === null) throw sessionNotFound(describeSessionKey(key));
      const events = await readHistory(repo, key, {
        ...(options.last !== undefined ? { last: options.last } : {}),
        ...(options.afterSeq !== undefined ? { afterSeq: options.afterSeq } : {}),
      });
      if (!options.follow) {
        if (ctx.json) ctx.printJson({ key, events });
        else if (events.length === 0) ctx.print(`No events in session ${describeSessionKey(key)}.`);
        else ctx.print(eventsTable(events, ctx.colors));
        return;
      }
      const print = (event: (typeof events)[number]) => {
        if (ctx.json) ctx.printJson(event, true);
        else ctx.print(eventLine(event, ctx.colors));
      };
      events.forEach(print);
      if (session.status === "expired") {
        ctx.note("The session is expired: no new events can be appended to it.");
        return;
      }
      const from =
        events.at(-1)?.seq ??
        (options.last !== undefined ? session.lastSeq : (options.afterSeq ?? 0));
      const controller = new AbortController();
      const stop = () => controller.abort();
      // `on`, not `once`: proper-lockfile's signal-exit re-raises a signal no other listener handles.
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
      ctx.note(ctx.errColors.dim(`Following ${describeSessionKey(key)}; press Ctrl-C to stop.`));
      try {
        const end = await followEvents(repo, key, from, controller.signal, print);
        if (end === "session-gone") ctx.note("The session was deleted or expired.");
      } finally {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
      }
    });
  });
}
