import { api, selection } from "./api.js";
import { h, replace } from "./dom.js";
import { livePage } from "./pages/live-page.js";
import { migrationPage } from "./pages/migration-page.js";
import { sessionsPage } from "./pages/sessions-page.js";
import { statePage } from "./pages/state-page.js";
import { storePage } from "./pages/store-page.js";
import { timelinePage } from "./pages/timeline-page.js";
import { currentRoute, href } from "./router.js";
import type { StoresInfo } from "./types.js";
import { errorView } from "./views.js";

const PAGES = [
  ["sessions", "Sessions"],
  ["state", "State"],
  ["live", "Live"],
  ["store", "Store"],
  ["migration", "Migration"],
] as const;

let cleanup: (() => void) | undefined;
let info: StoresInfo = { stores: [], allowWrites: false };

async function show(): Promise<void> {
  cleanup?.();
  cleanup = undefined;
  const main = document.getElementById("main") as HTMLElement;
  const { page, params } = currentRoute();
  const store = params.get("store") ?? undefined;
  selection.store = store;
  for (const link of document.querySelectorAll<HTMLAnchorElement>("nav.pages a")) {
    const active =
      link.dataset.page === page || (page === "session" && link.dataset.page === "sessions");
    link.href = href(link.dataset.page ?? "sessions", { store });
    if (active) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const switcher = document.querySelector<HTMLSelectElement>("select.store-switcher");
  if (switcher) switcher.value = store ?? info.stores[0]?.name ?? "";
  delete main.dataset.timelineReady;
  delete document.body.dataset.sessionsReady;
  main.replaceChildren(h("p", { class: "muted" }, "Loading…"));
  try {
    if (page === "session") cleanup = await timelinePage(main, params, info.allowWrites);
    else if (page === "state") await statePage(main, params, info.allowWrites);
    else if (page === "live") cleanup = await livePage(main, params);
    else if (page === "store") await storePage(main);
    else if (page === "migration") cleanup = await migrationPage(main);
    else await sessionsPage(main, params);
  } catch (error) {
    replace(main, errorView(error));
  }
  document.body.dataset.page = page;
}

async function start(): Promise<void> {
  const header = document.getElementById("header") as HTMLElement;
  try {
    info = await api<StoresInfo>("/api/stores");
  } catch (error) {
    replace(document.getElementById("main") as HTMLElement, errorView(error));
    return;
  }
  const switcher =
    info.stores.length > 1
      ? h(
          "select",
          {
            "aria-label": "Store",
            class: "store-switcher",
            onchange: (event: Event) => {
              const value = (event.target as HTMLSelectElement).value;
              location.hash = href("sessions", {
                store: value === info.stores[0]?.name ? undefined : value,
              });
            },
          },
          info.stores.map((s) => h("option", { value: s.name }, s.name)),
        )
      : h("span", { class: "store-name" }, info.stores[0]?.name ?? "");
  replace(
    header,
    h(
      "a",
      {
        class: "skip",
        href: "#main",
        onclick: (e: Event) => {
          e.preventDefault();
          document.getElementById("main")?.focus();
        },
      },
      "Skip to content",
    ),
    h("span", { class: "brand" }, "sessionkit studio"),
    h(
      "nav",
      { class: "pages", "aria-label": "Pages" },
      PAGES.map(([page, label]) => h("a", { href: href(page), "data-page": page }, label)),
    ),
    switcher,
    h(
      "span",
      { class: info.allowWrites ? "badge writes" : "badge readonly", "data-testid": "mode" },
      info.allowWrites ? "writes allowed" : "read-only",
    ),
  );
  window.addEventListener("hashchange", () => void show());
  await show();
  document.body.dataset.loaded = "true";
}

void start();
