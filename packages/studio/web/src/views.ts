import { ApiError } from "./api.js";
import { h } from "./dom.js";
import { jsonLine } from "./format.js";

/** An error as the page shows it: code, message and what to do. */
export function errorView(error: unknown): HTMLElement {
  const e =
    error instanceof ApiError
      ? error
      : new ApiError("INTERNAL", String(error), "reload the page", 0);
  return h(
    "div",
    { class: "error", role: "alert", "data-code": e.code },
    h("strong", {}, e.code),
    " ",
    h("span", { class: "error-message" }, e.message),
    h("div", { class: "remedy" }, "What to do: ", e.remedy),
  );
}

/** Runs `load`, replacing `target`'s content with the error when it throws. */
export async function guarded(target: HTMLElement, load: () => Promise<void>): Promise<void> {
  try {
    await load();
  } catch (error) {
    target.replaceChildren(errorView(error));
  }
}

/** A two-column table of a JSON object's keys and values (compact JSON). */
export function keyValueTable(
  object: Record<string, unknown>,
  caption: string,
  keyCell: (key: string) => Node | string = (key) => key,
): HTMLElement {
  const keys = Object.keys(object).sort();
  if (keys.length === 0) return h("p", { class: "muted" }, `${caption}: none`);
  return h(
    "table",
    { class: "kv" },
    h("caption", {}, caption),
    h(
      "thead",
      {},
      h("tr", {}, h("th", { scope: "col" }, "key"), h("th", { scope: "col" }, "value")),
    ),
    h(
      "tbody",
      {},
      keys.map((key) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, keyCell(key)),
          h("td", {}, h("code", {}, jsonLine(object[key], 400))),
        ),
      ),
    ),
  );
}

/** A labelled figure for summary cards. */
export function figure(label: string, value: string | number, testId?: string): HTMLElement {
  return h(
    "div",
    { class: "figure", ...(testId ? { "data-testid": testId } : {}) },
    h("div", { class: "figure-value" }, String(value)),
    h("div", { class: "figure-label" }, label),
  );
}

/**
 * Asks for confirmation in a modal `<dialog>` (focus moves into it; Escape cancels).
 * Resolves true only when the user presses the confirm button.
 */
export function confirmAction(question: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h(
      "dialog",
      { class: "confirm", "aria-labelledby": "confirm-question" },
      h("p", { id: "confirm-question" }, question),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "secondary", "data-answer": "cancel" }, "Cancel"),
        h("button", { type: "button", class: "danger", "data-answer": "confirm" }, confirmLabel),
      ),
    );
    let answered = false;
    const finish = (answer: boolean) => {
      if (answered) return;
      answered = true;
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.addEventListener("click", (event) => {
      const answer = (event.target as HTMLElement).dataset.answer;
      if (answer) finish(answer === "confirm");
    });
    dialog.addEventListener("close", () => finish(false));
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector<HTMLButtonElement>("[data-answer=cancel]")?.focus();
  });
}
