import { api, selection } from "../api.js";
import { appNames } from "../app-list.js";
import { h, replace } from "../dom.js";
import { formatTime, jsonLine } from "../format.js";
import { href } from "../router.js";
import { confirmAction, errorView, guarded, keyValueTable } from "../views.js";

interface Scopes {
  app: Record<string, unknown>;
  user: Record<string, unknown> | null;
  session: Record<string, unknown> | null;
}

interface History {
  key: string;
  changes: { seq: number; author: string; timestamp: number; value: unknown }[];
  scanned: number;
  complete: boolean;
}

/**
 * The state page: app, user and session scopes side by side, and the history of one key (the
 * events of the session whose delta set it). With --allow-writes, a confirmed edit of one key.
 */
export async function statePage(
  root: HTMLElement,
  params: URLSearchParams,
  allowWrites: boolean,
): Promise<void> {
  const apps = await appNames(selection.store);
  const app = params.get("app") || apps[0] || "";
  const user = params.get("user") ?? "";
  const session = params.get("session") ?? "";
  const key = params.get("key") ?? "";
  const form = h(
    "form",
    { class: "filters", "aria-label": "Choose the scopes" },
    h(
      "label",
      {},
      h("span", {}, "App"),
      h(
        "select",
        { name: "app" },
        apps.map((a) => h("option", { value: a, selected: a === app }, a)),
      ),
    ),
    h("label", {}, h("span", {}, "User"), h("input", { name: "user", value: user })),
    h("label", {}, h("span", {}, "Session"), h("input", { name: "session", value: session })),
    h("button", { type: "submit" }, "Show"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = Object.fromEntries([...new FormData(form)].map(([n, v]) => [n, String(v)]));
    location.hash = href("state", data);
  });
  const body = h("div", {});
  replace(root, h("h1", {}, "State"), form, body);
  if (!app) return;
  await guarded(body, async () => {
    const scopes = await api<Scopes>("/api/state", { app, user, session });
    const keyLink = (prefix: string) => (name: string) =>
      session
        ? h("a", { href: href("state", { app, user, session, key: `${prefix}${name}` }) }, name)
        : name;
    const columns = h(
      "div",
      { class: "scopes" },
      h(
        "section",
        { "aria-label": "App state" },
        keyValueTable(scopes.app, `App state (${app})`, keyLink("app:")),
      ),
      h(
        "section",
        { "aria-label": "User state" },
        scopes.user
          ? keyValueTable(scopes.user, `User state (${user})`, keyLink("user:"))
          : h("p", { class: "muted" }, "Enter a user to see user state."),
      ),
      h(
        "section",
        { "aria-label": "Session state", "data-testid": "session-state" },
        scopes.session
          ? keyValueTable(scopes.session, `Session state (${session})`, keyLink(""))
          : h(
              "p",
              { class: "muted" },
              session ? "No such session." : "Enter a user and a session to see session state.",
            ),
      ),
    );
    replace(body, columns);
    if (allowWrites && session && scopes.session) body.append(editForm(app, user, session));
    if (key && session) body.append(await historyView(app, user, session, key));
  });
}

async function historyView(
  app: string,
  user: string,
  session: string,
  key: string,
): Promise<HTMLElement> {
  const history = await api<History>("/api/state/history", { app, user, session, key });
  return h(
    "section",
    { class: "history", "data-testid": "key-history" },
    h("h2", {}, "History of ", h("code", {}, key)),
    h(
      "p",
      { class: "muted" },
      `${history.changes.length} events of this session set it (${history.scanned} events read${history.complete ? "" : ", newest only"}).`,
    ),
    h(
      "ol",
      {},
      history.changes.map((c) =>
        h(
          "li",
          {},
          h("a", { href: href("session", { app, user, session, seq: c.seq }) }, `#${c.seq}`),
          ` ${c.author} · ${formatTime(c.timestamp)} → `,
          h("code", {}, c.value === null ? "deleted" : jsonLine(c.value, 200)),
        ),
      ),
    ),
  );
}

function editForm(app: string, user: string, session: string): HTMLElement {
  const form = h(
    "form",
    { class: "edit", "aria-label": "Edit session state" },
    h("h2", {}, "Set a state key"),
    h("label", {}, h("span", {}, "Key"), h("input", { name: "key", required: true })),
    h(
      "label",
      {},
      h("span", {}, "Value (JSON; null deletes)"),
      h("input", { name: "value", required: true }),
    ),
    h("button", { type: "submit" }, "Set…"),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const key = String(data.get("key"));
    const value = String(data.get("value"));
    if (
      !(await confirmAction(
        `Set ${key} = ${value} in session ${session}? This appends a system event.`,
        "Set",
      ))
    )
      return;
    try {
      await api("/api/state/update", { app, user, session, key, value }, "POST");
      location.reload();
    } catch (error) {
      form.append(errorView(error));
    }
  });
  return form;
}
