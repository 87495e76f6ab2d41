import { renderContent } from "./content/render-content.js";
import { h } from "./dom.js";
import { formatTime } from "./format.js";
import { href } from "./router.js";
import type { Key, StoredEvent } from "./types.js";
import { keyValueTable } from "./views.js";

/** The readable form of one block of content. */
function blockView(block: ReturnType<typeof renderContent>["blocks"][number]): HTMLElement {
  switch (block.kind) {
    case "text":
      return h(
        "div",
        { class: `block text ${block.role ?? ""}` },
        block.role ? h("span", { class: "role" }, block.role) : null,
        h("p", {}, block.text),
      );
    case "note":
      return h("div", { class: "block note" }, block.text);
    case "call":
    case "result":
      return h(
        "div",
        { class: `block ${block.kind}` },
        h("span", { class: "role" }, block.kind === "call" ? "function call" : "function response"),
        h("strong", {}, block.name),
        block.id ? h("span", { class: "muted" }, ` ${block.id}`) : null,
        h("pre", {}, pretty(block.kind === "call" ? block.args : block.output)),
      );
  }
}

/** A string as it is, anything else as indented JSON. */
function pretty(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

/** The detail panel of one event: rendered content, its state delta, metadata, raw JSON on demand. */
export function eventDetail(event: StoredEvent, key: Key): HTMLElement {
  const rendered = renderContent(event.content);
  const delta = event.stateDelta ?? {};
  return h(
    "article",
    { class: "event-detail", "data-seq": event.seq, "aria-label": `Event ${event.seq}` },
    h(
      "h2",
      {},
      `#${event.seq} · ${event.author}`,
      event.partial ? h("span", { class: "badge partial" }, "streaming") : null,
    ),
    h(
      "dl",
      { class: "meta" },
      h("dt", {}, "time"),
      h("dd", {}, formatTime(event.timestamp)),
      h("dt", {}, "id"),
      h("dd", {}, h("code", {}, event.id)),
      event.invocationId
        ? [h("dt", {}, "invocation"), h("dd", {}, h("code", {}, event.invocationId))]
        : null,
      h("dt", {}, "format"),
      h("dd", {}, rendered.format),
    ),
    rendered.blocks.length > 0
      ? h("section", { class: "content" }, rendered.blocks.map(blockView))
      : h("pre", { class: "content" }, JSON.stringify(event.content, null, 2)),
    Object.keys(delta).length > 0
      ? h(
          "section",
          { class: "delta", "data-testid": "state-delta" },
          keyValueTable(delta, "State delta", (name) =>
            h(
              "a",
              {
                href: href("state", {
                  app: key.appName,
                  user: key.userId,
                  session: key.sessionId,
                  key: name,
                }),
              },
              name,
            ),
          ),
        )
      : null,
    event.metadata && Object.keys(event.metadata).length > 0
      ? keyValueTable(event.metadata, "Metadata")
      : null,
    h(
      "details",
      { class: "raw" },
      h("summary", {}, "Raw JSON"),
      h("pre", {}, JSON.stringify(event, null, 2)),
    ),
  );
}
