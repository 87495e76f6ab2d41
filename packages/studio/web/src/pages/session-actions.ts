import { api } from "../api.js";
import { h } from "../dom.js";
import { href } from "../router.js";
import type { Key } from "../types.js";
import { confirmAction, errorView } from "../views.js";

/** Expire and delete buttons (shown only with --allow-writes), each confirmed in a dialog. */
export function sessionActions(key: Key, status: string): HTMLElement {
  const box = h("div", { class: "actions" });
  const query = { app: key.appName, user: key.userId, session: key.sessionId };
  const act = async (question: string, label: string, path: string, after: () => void) => {
    if (!(await confirmAction(question, label))) return;
    try {
      await api(path, query, "POST");
      after();
    } catch (error) {
      box.append(errorView(error));
    }
  };
  if (status === "active") {
    box.append(
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          onclick: () =>
            act(
              `Expire session ${key.sessionId}? It stops accepting writes and reads as missing.`,
              "Expire",
              "/api/session/expire",
              () => location.reload(),
            ),
        },
        "Expire…",
      ),
    );
  }
  box.append(
    h(
      "button",
      {
        type: "button",
        class: "danger",
        onclick: () =>
          act(
            `Delete session ${key.sessionId} with all its events? This cannot be undone.`,
            "Delete",
            "/api/session/delete",
            () => {
              location.hash = href("sessions", { app: key.appName });
            },
          ),
      },
      "Delete…",
    ),
  );
  return box;
}
