import type { HealthReport, IntegrityReport, RepositoryStats } from "@sessionkit/core";
import type { MaintenanceHint } from "../../../src/api/maintenance-hints.js";
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { count, formatBytes } from "../format.js";
import { errorView, figure, guarded } from "../views.js";

interface Overview {
  stats: RepositoryStats;
  health: HealthReport;
  capabilities: Record<string, unknown>;
  corruptItems: number;
  hints: MaintenanceHint[];
}

type Integrity = IntegrityReport & { durationMs: number };

/** The store page: counts, size, schema version, health, capabilities, hints, integrity check. */
export async function storePage(root: HTMLElement): Promise<void> {
  const body = h("div", {});
  replace(root, h("h1", {}, "Store"), body);
  await guarded(body, async () => {
    const o = await api<Overview>("/api/store");
    const s = o.stats;
    const integrity = h("div", { "data-testid": "integrity" });
    const run = h("button", { type: "button" }, "Run integrity check");
    run.addEventListener("click", async () => {
      run.disabled = true;
      replace(integrity, h("p", { class: "muted" }, "Checking every session…"));
      try {
        replace(integrity, integrityView(await api<Integrity>("/api/store/integrity")));
      } catch (error) {
        replace(integrity, errorView(error));
      }
      run.disabled = false;
    });
    replace(
      body,
      h(
        "div",
        { class: "figures", "data-testid": "store-figures" },
        figure("sessions", count(s.sessions)),
        figure("active", count(s.activeSessions)),
        figure("events", count(s.events), "stat-events"),
        figure("state keys", count(s.stateKeys)),
        figure("on disk", formatBytes(s.bytesOnDisk)),
        figure("schema version", s.schemaVersion, "schema-version"),
        figure(
          "health",
          o.health.ok ? `ok, ${o.health.latencyMs} ms` : `failing: ${o.health.message ?? ""}`,
        ),
      ),
      h(
        "section",
        {},
        h("h2", {}, "Maintenance hints"),
        o.hints.length === 0
          ? h("p", { class: "muted" }, "Nothing stands out.")
          : h(
              "ul",
              { class: "hints" },
              o.hints.map((hint) => h("li", {}, hint.finding, ": ", h("code", {}, hint.command))),
            ),
        o.corruptItems > 0
          ? h(
              "p",
              { class: "error" },
              `${o.corruptItems} damaged items were left out of the counts; run sessionkit check.`,
            )
          : null,
      ),
      h("section", {}, h("h2", {}, "Integrity"), run, integrity),
      h(
        "section",
        { class: "two-columns" },
        h("div", {}, h("h2", {}, "Details"), detailsTable(s.details, true)),
        h("div", {}, h("h2", {}, "Capabilities"), detailsTable(o.capabilities, false)),
      ),
    );
  });
}

function detailsTable(values: Record<string, unknown>, bytes: boolean): HTMLElement {
  return h(
    "table",
    { class: "kv" },
    h(
      "tbody",
      {},
      Object.entries(values).map(([name, value]) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, name),
          h(
            "td",
            {},
            bytes && /bytes$/i.test(name) && typeof value === "number"
              ? formatBytes(value)
              : String(value),
          ),
        ),
      ),
    ),
  );
}

function integrityView(report: Integrity): HTMLElement {
  if (report.ok) return h("p", { class: "ok" }, `No problem found (${report.durationMs} ms).`);
  return h(
    "div",
    {},
    h(
      "p",
      { class: "error" },
      `${report.problems.length} problems found (${report.durationMs} ms):`,
    ),
    h(
      "ul",
      {},
      report.problems.map((p) =>
        h("li", {}, h("strong", {}, p.kind), p.subject ? ` ${p.subject}: ` : ": ", p.message),
      ),
    ),
  );
}
