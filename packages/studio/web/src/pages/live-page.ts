import { ApiError, api, selection, watchStream } from "../api.js";
import { appNames } from "../app-list.js";
import { summaryLine } from "../content/render-content.js";
import { h, replace } from "../dom.js";
import { formatTime } from "../format.js";
import { href } from "../router.js";
import type { Key, SessionRow, StoredEvent } from "../types.js";
import { errorView } from "../views.js";

/** How many of the most recently updated sessions the feed follows. */
const FOLLOWED = 10;
/** How often the page looks for sessions that became the most recently updated. */
const RELIST_MS = 3_000;
/** Feed entries kept on the page. */
const KEPT = 500;

const keyId = (k: Key) => JSON.stringify([k.appName, k.userId, k.sessionId]);

/**
 * The live page: new events of the followed sessions as other processes append them, through
 * the store's `watch` over one server-sent-events stream; streaming (partial) events shown in
 * place until the stored event replaces them. Follows one session (`session` param) or the
 * app's most recently updated ones, re-checked every few seconds. Returns a cleanup.
 */
export async function livePage(root: HTMLElement, params: URLSearchParams): Promise<() => void> {
  const apps = await appNames(selection.store);
  const app = params.get("app") || apps[0] || "";
  const user = params.get("user") ?? "";
  const session = params.get("session") ?? "";
  const feed = h("ol", { class: "feed", "aria-live": "polite", "data-testid": "live-feed" });
  const following = h("p", { class: "muted", "data-testid": "following" }, "connecting…");
  const errors = h("div", {});
  const picker = h(
    "select",
    {
      "aria-label": "App",
      onchange: (e: Event) =>
        (location.hash = href("live", { app: (e.target as HTMLSelectElement).value })),
    },
    apps.map((a) => h("option", { value: a, selected: a === app }, a)),
  );
  replace(
    root,
    h("h1", {}, "Live"),
    h("div", { class: "filters" }, h("label", {}, h("span", {}, "App"), picker)),
    following,
    errors,
    feed,
  );
  if (!app) return () => {};

  const openedAt = Date.now();
  const seen = new Map<string, number>();
  const partials = new Map<string, HTMLElement>();
  let source: EventSource | undefined;
  let stopped = false;

  const onAppend = (message: MessageEvent<string>) => {
    const { key, event } = JSON.parse(message.data) as { key: Key; event: StoredEvent };
    const id = keyId(key);
    const line = entry(key, event);
    const pending = partials.get(id);
    if (event.partial) {
      if (pending) pending.replaceWith(line);
      else feed.prepend(line);
      partials.set(id, line);
      return;
    }
    seen.set(id, Math.max(seen.get(id) ?? 0, event.seq));
    if (pending) {
      pending.remove();
      partials.delete(id);
    }
    feed.prepend(line);
    while (feed.childElementCount > KEPT) feed.lastElementChild?.remove();
  };

  const follow = (keys: Key[]) => {
    source?.close();
    const watch = keys.map((k) => ({ ...k, afterSeq: seen.get(keyId(k)) ?? 0 }));
    source = watchStream({ watch: JSON.stringify(watch) });
    source.addEventListener("append", onAppend as EventListener);
    source.addEventListener("end", () => source?.close());
    source.addEventListener("error", (message) => {
      const data = (message as MessageEvent<string>).data;
      if (!data) return;
      const e = (JSON.parse(data) as { error: { code: string; message: string; remedy: string } })
        .error;
      errors.replaceChildren(errorView(new ApiError(e.code, e.message, e.remedy, 0)));
    });
    following.textContent = `Following ${keys.length} session${keys.length === 1 ? "" : "s"} of ${app} (${keys.map((k) => k.sessionId).join(", ")})`;
    following.dataset.sessions = String(keys.length);
  };

  const relist = async () => {
    let keys: Key[];
    if (session && user) keys = [{ appName: app, userId: user, sessionId: session }];
    else {
      const page = await api<{ sessions: SessionRow[] }>("/api/sessions", {
        app,
        user,
        limit: FOLLOWED,
      });
      keys = page.sessions.map((s) => ({ appName: s.appName, userId: s.userId, sessionId: s.id }));
      for (const s of page.sessions) {
        const id = keyId({ appName: s.appName, userId: s.userId, sessionId: s.id });
        // A session created since the page opened is followed from its first event.
        if (!seen.has(id)) seen.set(id, s.createdAt >= openedAt ? 0 : s.lastSeq);
      }
    }
    if (session && user) {
      const { session: row } = await api<{ session: SessionRow }>("/api/session", {
        app,
        user,
        session,
      });
      if (!seen.has(keyId(keys[0] as Key))) seen.set(keyId(keys[0] as Key), row.lastSeq);
    }
    const current = source ? (following.dataset.keys ?? "") : "";
    const next = keys.map(keyId).sort().join("|");
    if (keys.length > 0 && next !== current) {
      following.dataset.keys = next;
      follow(keys);
    } else if (keys.length === 0)
      following.textContent = `No active session in ${app} yet; checking again…`;
  };

  try {
    await relist();
  } catch (error) {
    errors.replaceChildren(errorView(error));
  }
  const timer = setInterval(() => {
    if (!stopped && !(session && user))
      relist().catch((error: unknown) => errors.replaceChildren(errorView(error)));
  }, RELIST_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
    source?.close();
  };
}

function entry(key: Key, event: StoredEvent): HTMLElement {
  const deltaKeys = Object.keys(event.stateDelta ?? {});
  return h(
    "li",
    { class: event.partial ? "partial" : "", "data-seq": event.seq, "data-session": key.sessionId },
    h("span", { class: "time" }, formatTime(event.timestamp).slice(11)),
    " ",
    h(
      "a",
      {
        href: href("session", {
          app: key.appName,
          user: key.userId,
          session: key.sessionId,
          seq: event.partial ? undefined : event.seq,
        }),
      },
      `${key.sessionId} #${event.seq}`,
    ),
    " ",
    h("span", { class: "author" }, event.author),
    event.partial ? h("span", { class: "badge partial" }, "streaming") : null,
    " ",
    h("span", { class: "summary" }, summaryLine(event.content)),
    deltaKeys.length > 0 ? h("span", { class: "delta-badge" }, ` Δ ${deltaKeys.join(", ")}`) : null,
  );
}
