import { api, selection } from "../api.js";
import { appNames } from "../app-list.js";
import { h, highlighted, replace } from "../dom.js";
import { ago, count, formatTime, jsonLine } from "../format.js";
import { href } from "../router.js";
import type { SessionRow } from "../types.js";
import { guarded } from "../views.js";

interface Hit {
  key: { appName: string; userId: string; sessionId: string };
  seq: number;
  author: string;
  timestamp: number;
  snippet: string;
}

/** Cursors of the pages before the current one (keyset paging cannot go back by itself). */
const previousCursors: string[] = [];

/**
 * The sessions page: filters (app, user, status, updated since, metadata), full-text search
 * across sessions with highlighted snippets, and keyset paging (one listSessions page per view).
 */
export async function sessionsPage(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const apps = await appNames(selection.store);
  const app = params.get("app") || apps[0];
  if (app === undefined) {
    replace(
      root,
      h("h1", {}, "Sessions"),
      h("p", { class: "muted" }, "This store holds no sessions yet."),
    );
    return;
  }
  const filters = {
    app,
    user: params.get("user") ?? "",
    status: params.get("status") ?? "active",
    since: params.get("since") ?? "",
    meta: params.get("meta") ?? "",
    q: params.get("q") ?? "",
  };
  const results = h("div", { id: "results", "aria-live": "polite" });
  replace(root, h("h1", {}, "Sessions"), filterForm(apps, filters), results);
  await guarded(results, async () => {
    if (filters.q) await showSearch(results, filters);
    else await showPage(results, filters, params.get("cursor") ?? undefined);
  });
}

type Filters = {
  app: string;
  user: string;
  status: string;
  since: string;
  meta: string;
  q: string;
};

function filterForm(apps: string[], f: Filters): HTMLElement {
  const field = (label: string, control: HTMLElement) =>
    h("label", {}, h("span", {}, label), control);
  const form = h(
    "form",
    { class: "filters", role: "search", "aria-label": "Filter sessions" },
    field(
      "App",
      h(
        "select",
        { name: "app" },
        apps.map((a) => h("option", { value: a, selected: a === f.app }, a)),
      ),
    ),
    field("User", h("input", { name: "user", value: f.user, placeholder: "any user" })),
    field(
      "Status",
      h(
        "select",
        { name: "status" },
        ["active", "expired", "all"].map((s) =>
          h("option", { value: s, selected: s === f.status }, s),
        ),
      ),
    ),
    field("Updated since", h("input", { name: "since", type: "datetime-local", value: f.since })),
    field(
      "Metadata",
      h("input", { name: "meta", value: f.meta, placeholder: "channel=web; tier=2" }),
    ),
    field(
      "Search events",
      h("input", { name: "q", type: "search", value: f.q, placeholder: "words, any language" }),
    ),
    h("button", { type: "submit" }, "Apply"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next: Record<string, string> = {};
    for (const [name, value] of data) next[name] = String(value);
    previousCursors.length = 0;
    location.hash = href("sessions", next);
  });
  return form;
}

/** `channel=web; tier=2` as a metadata filter (values parsed as JSON when they are). */
export function parseMetadataFilter(text: string): Record<string, unknown> | undefined {
  const filter: Record<string, unknown> = {};
  for (const pair of text.split(/[;,]/)) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    const name = pair.slice(0, at).trim();
    const raw = pair.slice(at + 1).trim();
    try {
      filter[name] = JSON.parse(raw);
    } catch {
      filter[name] = raw;
    }
  }
  return Object.keys(filter).length > 0 ? filter : undefined;
}

async function showPage(
  results: HTMLElement,
  f: Filters,
  cursor: string | undefined,
): Promise<void> {
  const metadata = parseMetadataFilter(f.meta);
  const page = await api<{ sessions: SessionRow[]; nextCursor: string | null }>("/api/sessions", {
    app: f.app,
    user: f.user,
    status: f.status,
    updatedAfter: f.since ? new Date(f.since).getTime() : undefined,
    metadata: metadata ? JSON.stringify(metadata) : undefined,
    cursor,
  });
  const now = Date.now();
  const pageHref = (c: string | undefined) => href("sessions", { ...f, cursor: c });
  const table = h(
    "table",
    { class: "sessions", "data-testid": "sessions-table" },
    h("caption", { class: "visually-hidden" }, `Sessions of ${f.app}, most recently updated first`),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["session", "user", "status", "events", "updated", "created", "metadata"].map((c) =>
          h("th", { scope: "col" }, c),
        ),
      ),
    ),
    h(
      "tbody",
      {},
      page.sessions.map((s) =>
        h(
          "tr",
          { "data-session": s.id },
          h(
            "td",
            {},
            h(
              "a",
              { href: href("session", { app: s.appName, user: s.userId, session: s.id }) },
              s.id,
            ),
          ),
          h("td", {}, s.userId),
          h("td", {}, h("span", { class: `badge ${s.status}` }, s.status)),
          h("td", { class: "num" }, count(s.lastSeq)),
          h("td", { title: formatTime(s.updatedAt) }, ago(s.updatedAt, now)),
          h("td", {}, formatTime(s.createdAt)),
          h("td", {}, h("code", {}, jsonLine(s.metadata, 60))),
        ),
      ),
    ),
  );
  const nav = h(
    "nav",
    { class: "pager", "aria-label": "Pages" },
    previousCursors.length > 0 || cursor
      ? h(
          "a",
          {
            href: "#",
            onclick: (event: Event) => {
              event.preventDefault();
              location.hash = pageHref(previousCursors.pop());
            },
          },
          "← Newer",
        )
      : null,
    page.nextCursor
      ? h(
          "a",
          {
            href: pageHref(page.nextCursor),
            rel: "next",
            onclick: () => previousCursors.push(cursor ?? ""),
          },
          "Older →",
        )
      : null,
  );
  replace(
    results,
    page.sessions.length === 0
      ? h("p", { class: "muted" }, "No session matches these filters.")
      : table,
    nav,
  );
  document.body.dataset.sessionsReady = "true";
}

async function showSearch(results: HTMLElement, f: Filters): Promise<void> {
  const { hits } = await api<{ hits: Hit[] }>("/api/search", { app: f.app, user: f.user, q: f.q });
  if (hits.length === 0) {
    replace(
      results,
      h("p", { class: "muted" }, `No event of an active session in ${f.app} contains “${f.q}”.`),
    );
    return;
  }
  replace(
    results,
    h("h2", {}, `${hits.length} matching events`),
    h(
      "ol",
      { class: "hits", "data-testid": "search-hits" },
      hits.map((hit) =>
        h(
          "li",
          {},
          h(
            "a",
            {
              href: href("session", {
                app: hit.key.appName,
                user: hit.key.userId,
                session: hit.key.sessionId,
                seq: hit.seq,
              }),
            },
            `${hit.key.sessionId} #${hit.seq}`,
          ),
          h(
            "span",
            { class: "muted" },
            ` ${hit.author} · ${hit.key.userId} · ${formatTime(hit.timestamp)}`,
          ),
          h("p", { class: "snippet" }, highlighted(hit.snippet)),
        ),
      ),
    ),
  );
}
