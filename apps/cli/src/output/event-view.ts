import type { SessionEvent } from "@sessionkit/core";
import type { Colors } from "./colors.js";
import { summarizeContent } from "./format.js";
import { relativeTime } from "./relative-time.js";
import { renderTable } from "./table.js";

/** Events as a table: seq, relative time, author, a one-line summary of the content. */
export function eventsTable(events: SessionEvent[], colors: Colors, now = Date.now()): string {
  return renderTable(
    ["seq", "time", "author", "content"],
    events.map((event) => [
      event.seq,
      relativeTime(event.timestamp, now),
      event.author,
      summarizeContent(event.content),
    ]),
    colors,
  );
}

/** One event on one line, for --follow: `#12  10:04:31  user  hello`. */
export function eventLine(event: SessionEvent, colors: Colors): string {
  const time = new Date(event.timestamp).toISOString().slice(11, 19);
  const seq = event.partial ? colors.dim(`~${event.seq}`) : colors.cyan(`#${event.seq}`);
  const content = summarizeContent(event.content, 120);
  return `${seq}  ${colors.dim(time)}  ${colors.bold(event.author)}  ${event.partial ? colors.dim(content) : content}`;
}
