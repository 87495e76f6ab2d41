import { api, watchStream } from "../api.js";
import { summaryLine } from "../content/render-content.js";
import { append, h, replace } from "../dom.js";
import { eventDetail } from "../event-detail.js";
import { EventWindow } from "../event-window.js";
import { count, formatTime, jsonLine } from "../format.js";
import { href } from "../router.js";
import type { Key, SessionRow, StoredEvent } from "../types.js";
import { errorView } from "../views.js";
import { VirtualList } from "../virtual-list.js";
import { sessionActions } from "./session-actions.js";

const ROW_HEIGHT = 44;

/**
 * The session timeline: events in seq order (virtualised: only visible rows exist, loaded in
 * blocks), the latest first in view, state deltas marked on the events that made them, a detail
 * panel with rendered content and raw JSON, and new (also streaming) events arriving live.
 * Returns a cleanup that closes the live stream.
 */
export async function timelinePage(
  root: HTMLElement,
  params: URLSearchParams,
  allowWrites: boolean,
): Promise<() => void> {
  const key: Key = {
    appName: params.get("app") ?? "",
    userId: params.get("user") ?? "",
    sessionId: params.get("session") ?? "",
  };
  const { session, state } = await api<{
    session: SessionRow;
    state: Record<string, Record<string, unknown>>;
  }>("/api/session", { app: key.appName, user: key.userId, session: key.sessionId });
  let total = session.lastSeq;
  const events = new EventWindow(async (afterSeq, limit) => {
    const page = await api<{ events: StoredEvent[] }>("/api/events", {
      app: key.appName,
      user: key.userId,
      session: key.sessionId,
      afterSeq,
      limit,
    });
    return page.events;
  });
  const partial = h("div", {
    class: "partial-line",
    "aria-live": "polite",
    "data-testid": "partial",
  });
  const detail = h(
    "div",
    { class: "detail-panel" },
    h("p", { class: "muted" }, "Select an event (click, or arrow keys then Enter)."),
  );
  const status = h("span", { class: "live-status", "data-testid": "live-status" }, "connecting…");
  const totalLabel = h("span", { "data-testid": "event-count" }, count(total));
  let failed: HTMLElement | null = null;
  let positioned = false;
  const list = new VirtualList(
    {
      total: () => total,
      render: (row, seq) => renderRow(row, events.get(seq), seq),
      visible: (first, last) => {
        // Ready (for people and the browser tests) once the rows in view hold their events.
        if (positioned && events.get(first) && events.get(last)) {
          root.dataset.timelineReady = "true";
          return;
        }
        events.ensure(first, last).then(
          (fetched) => {
            if (fetched) list.refresh();
          },
          (error: unknown) => {
            if (!failed) {
              failed = errorView(error);
              root.prepend(failed);
            }
          },
        );
      },
      select: (seq) => {
        const event = events.get(seq);
        if (event) replace(detail, eventDetail(event, key));
        else
          events.ensure(seq, seq).then(
            () => list.activate(seq, true),
            () => {},
          );
      },
    },
    ROW_HEIGHT,
    `Events of session ${key.sessionId}`,
  );
  replace(
    root,
    h("h1", {}, "Session ", h("code", {}, key.sessionId)),
    h(
      "div",
      { class: "session-summary" },
      h(
        "span",
        {},
        `app ${key.appName} · user ${key.userId} · `,
        h("span", { class: `badge ${session.status}` }, session.status),
      ),
      h(
        "span",
        {},
        " · events ",
        totalLabel,
        ` · revision ${session.revision} · created ${formatTime(session.createdAt)} · updated ${formatTime(session.updatedAt)}`,
      ),
      h("span", {}, " · ", status),
      h(
        "div",
        {},
        "metadata ",
        h("code", {}, jsonLine(session.metadata, 200)),
        " · ",
        h(
          "a",
          { href: href("state", { app: key.appName, user: key.userId, session: key.sessionId }) },
          "state scopes",
        ),
        ` (${Object.keys(state.session ?? {}).length} session keys)`,
      ),
      allowWrites ? sessionActions(key, session.status) : null,
    ),
    h(
      "div",
      { class: "timeline" },
      h("div", { class: "timeline-list" }, list.element, partial),
      detail,
    ),
    session.lastSeq === 0
      ? h("p", { class: "muted" }, "No events yet; new ones appear here live.")
      : null,
  );
  // Positioned before the first paint: the latest events (or the asked-for one) load first.
  const wanted = Number(params.get("seq"));
  positioned = true;
  if (wanted > 0) list.activate(wanted, true);
  else list.scrollTo(total);

  const source = watchStream({ watch: JSON.stringify([{ ...key, afterSeq: session.lastSeq }]) });
  source.addEventListener("open", () => {
    status.textContent = "live";
  });
  source.addEventListener("append", (message) => {
    const { event } = JSON.parse((message as MessageEvent<string>).data) as { event: StoredEvent };
    if (event.partial) {
      partial.textContent = `streaming · ${event.author}: ${summaryLine(event.content, 300)}`;
      return;
    }
    partial.textContent = "";
    const element = list.element;
    const atBottom =
      element.scrollTop + element.clientHeight >= element.scrollHeight - ROW_HEIGHT * 2;
    events.put(event);
    total = Math.max(total, event.seq);
    totalLabel.textContent = count(total);
    if (atBottom) list.scrollTo(total);
    else list.refresh();
  });
  source.addEventListener("error", (message) => {
    const data = (message as MessageEvent<string>).data;
    if (data) {
      const body = JSON.parse(data) as { error: { code: string } };
      status.textContent = `stopped (${body.error.code})`;
    } else status.textContent = "reconnecting…";
  });
  source.addEventListener("end", () => {
    status.textContent = "stopped (the studio is closing)";
    source.close();
  });
  source.addEventListener("closed", () => {
    status.textContent = "session deleted or expired";
    source.close();
  });
  return () => source.close();
}

function renderRow(row: HTMLElement, event: StoredEvent | undefined, seq: number): void {
  if (!event) {
    row.append(h("span", { class: "seq" }, `#${seq}`), h("span", { class: "muted" }, "loading…"));
    return;
  }
  const deltaKeys = Object.keys(event.stateDelta ?? {});
  row.dataset.seq = String(seq);
  append(row, [
    h("span", { class: "seq" }, `#${seq}`),
    h("span", { class: `author a-${event.author.replace(/[^a-z]/gi, "")}` }, event.author),
    h("span", { class: "time" }, formatTime(event.timestamp).slice(11)),
    h("span", { class: "summary" }, summaryLine(event.content)),
    deltaKeys.length > 0
      ? h(
          "span",
          {
            class: "delta-badge",
            "data-testid": "delta-badge",
            title: `state delta: ${deltaKeys.join(", ")}`,
          },
          `Δ ${deltaKeys.join(", ")}`,
        )
      : null,
  ]);
}
