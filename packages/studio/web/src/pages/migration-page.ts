import type {
  BackfillCheckpoint,
  MigrationRecord,
  ShadowMismatchList,
  StoredDriftEntry,
  VerifyReport,
} from "@sessionkit/migrate";
import type { BackfillRate } from "../../../src/api/backfill-rate.js";
import type { NextStep } from "../../../src/api/next-command.js";
import { api } from "../api.js";
import { h, replace } from "../dom.js";
import { count, formatDuration, formatTime, jsonLine } from "../format.js";
import { errorView, figure, guarded } from "../views.js";

const PHASES = ["foundation", "dual-write", "target-primary", "target-only"];
const REFRESH_MS = 3_000;

interface Status {
  initialized: boolean;
  target?: string;
  legacyStore?: string | null;
  record?: MigrationRecord;
  backfill?: (BackfillRate & { checkpoint: BackfillCheckpoint }) | null;
  drift?: { target: number; legacy: number };
  driftEntries?: StoredDriftEntry[];
  shadow?: ShadowMismatchList;
  lastExport?: unknown;
  lastVerify?: VerifyReport | null;
  next: NextStep;
}

/**
 * The migration page (read-only): phase, backfill progress with rate and ETA, drift journal,
 * shadow-read mismatches, the last verify (run here on demand) and the next safe command.
 * Refreshes every few seconds. Returns a cleanup.
 */
export async function migrationPage(root: HTMLElement): Promise<() => void> {
  const body = h("div", { "aria-live": "polite" });
  replace(root, h("h1", {}, "Migration"), body);
  const load = () =>
    guarded(body, async () => replace(body, ...view(await api<Status>("/api/migration"), body)));
  await load();
  const timer = setInterval(() => {
    if (!document.querySelector("dialog[open]")) void load();
  }, REFRESH_MS);
  return () => clearInterval(timer);
}

function view(s: Status, body: HTMLElement): HTMLElement[] {
  const next = h(
    "section",
    { class: "next", "data-testid": "next-command" },
    h("h2", {}, "Next safe step"),
    s.next.command
      ? h("pre", {}, s.next.command)
      : h("p", {}, "Nothing: the migration is complete."),
    h("p", {}, s.next.reason),
  );
  if (!s.initialized || !s.record)
    return [h("p", {}, "This store holds no phased-migration record."), next];
  const r = s.record;
  const phaseIndex = PHASES.indexOf(r.phase);
  return [
    h(
      "ol",
      { class: "phases", "aria-label": "Migration phases", "data-testid": "phase" },
      PHASES.map((p, i) =>
        h(
          "li",
          {
            class: i < phaseIndex ? "done" : i === phaseIndex ? "current" : "",
            "aria-current": i === phaseIndex ? "step" : null,
          },
          p,
        ),
      ),
    ),
    h(
      "p",
      {},
      `Phase ${r.phase} since ${formatTime(r.since)} · legacy ${r.legacy ?? "(none)"} · target ${s.target ?? ""} · legacy backup writes ${r.legacyBackupWrites ? "on" : "off"}, legacy copy ${r.legacyComplete ? "complete" : "incomplete"}`,
    ),
    next,
    backfillView(s.backfill ?? null),
    h(
      "section",
      { "data-testid": "drift" },
      h("h2", {}, "Drift journal"),
      h(
        "p",
        {},
        `${count(s.drift?.target ?? 0)} target entries, ${count(s.drift?.legacy ?? 0)} legacy entries`,
      ),
      (s.driftEntries ?? []).length > 0
        ? table(
            ["time", "side", "operation", "session", "error"],
            (s.driftEntries ?? []).map((d) => [
              formatTime(d.at),
              d.side,
              d.operation,
              d.key ? `${d.key.userId}/${d.key.sessionId}` : "",
              d.error,
            ]),
          )
        : null,
    ),
    h(
      "section",
      { "data-testid": "shadow" },
      h("h2", {}, "Shadow-read mismatches"),
      h("p", {}, `${count(s.shadow?.total ?? 0)} recorded`),
      (s.shadow?.newest ?? []).length > 0
        ? table(
            ["time", "operation", "first difference", "legacy", "target"],
            (s.shadow?.newest ?? []).map((m) => [
              formatTime(m.at),
              m.operation,
              m.path,
              jsonLine(m.legacyExcerpt, 80),
              jsonLine(m.targetExcerpt, 80),
            ]),
          )
        : null,
    ),
    verifyView(s, body),
    s.lastExport
      ? h(
          "section",
          {},
          h("h2", {}, "Last export"),
          h("pre", {}, JSON.stringify(s.lastExport, null, 2)),
        )
      : h("span", {}),
    h(
      "section",
      {},
      h("h2", {}, "History"),
      table(
        ["time", "from", "to", "by"],
        r.history.map((c) => [formatTime(c.at), c.from ?? "-", c.to, c.by]),
      ),
    ),
  ];
}

function backfillView(b: Status["backfill"]): HTMLElement {
  if (!b)
    return h(
      "section",
      { "data-testid": "backfill" },
      h("h2", {}, "Backfill"),
      h("p", {}, "Not started."),
    );
  const c = b.checkpoint;
  const percent = b.fraction === null ? null : Math.round(b.fraction * 1000) / 10;
  return h(
    "section",
    { "data-testid": "backfill" },
    h(
      "h2",
      {},
      "Backfill ",
      c.done ? "(done)" : b.stalled ? "(stalled: no progress for over a minute)" : "(running)",
    ),
    percent !== null
      ? h("progress", { max: 100, value: percent, "aria-label": "Backfill progress" })
      : null,
    h(
      "div",
      { class: "figures" },
      figure(
        "sessions copied",
        `${count(c.sessions)}${b.totalSessions !== null ? ` / ${count(b.totalSessions)}` : ""}`,
      ),
      figure("events copied", count(c.events)),
      figure(
        "rate",
        b.eventsPerSecond === null ? "–" : `${count(Math.round(b.eventsPerSecond))} events/s`,
      ),
      figure("ETA", c.done ? "done" : b.etaMs === null ? "unknown" : formatDuration(b.etaMs)),
      figure(
        "written / skipped / re-copied / failed",
        `${c.written} / ${c.skipped} / ${c.recopied} / ${c.failed}`,
      ),
      figure("resumes", c.resumes),
    ),
    h(
      "p",
      { class: "muted" },
      `started ${formatTime(c.startedAt)}, last batch ${formatTime(c.updatedAt)}`,
    ),
  );
}

function verifyView(s: Status, body: HTMLElement): HTMLElement {
  const v = s.lastVerify;
  const button = h("button", { type: "button" }, "Run verify now (reads both stores)");
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.textContent = "Verifying…";
    try {
      await api("/api/migration/verify", {}, "POST");
      replace(body, ...view(await api<Status>("/api/migration"), body));
    } catch (error) {
      button.after(errorView(error));
      button.disabled = false;
    }
  });
  return h(
    "section",
    { "data-testid": "verify" },
    h("h2", {}, "Verify"),
    v
      ? h(
          "p",
          { class: v.ok ? "ok" : "error" },
          `${v.ok ? "Clean" : "Mismatches"} at ${formatTime(v.checkedAt)} (${formatDuration(v.durationMs)}): ${count(v.totals.matched)} matched, ${count(v.totals.mismatched)} mismatched, ${v.scopeMismatches.length} scope mismatches, ${v.totals.unreadable} unreadable`,
        )
      : h(
          "p",
          { class: "muted" },
          "No verify has run in this studio (sessionkit-migrate does not store its reports).",
        ),
    s.legacyStore
      ? button
      : h("p", { class: "muted" }, "Start the studio with --legacy <url> to verify from here."),
  );
}

function table(columns: string[], rows: string[][]): HTMLElement {
  return h(
    "table",
    {},
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        columns.map((c) => h("th", { scope: "col" }, c)),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((row) =>
        h(
          "tr",
          {},
          row.map((cell) => h("td", {}, cell)),
        ),
      ),
    ),
  );
}
