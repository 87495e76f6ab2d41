import type { BenchResults } from "../results.js";
import type { BackfillPoint } from "../scaling/backfill-curve.js";
import type { Curve } from "../scaling/curve.js";
import { WORKLOADS } from "../standard/aggregate.js";
import { floorKindLabel } from "../standard/pairs.js";
import { FLOOR_TARGET, PEER_BASELINE, type StandardResults } from "../standard/runner.js";
import type { ComparisonResult } from "../suite.js";
import type { WorkerResult } from "../suites/backfill.js";
import { fmtBytes, fmtCount, fmtLatency, fmtRate, fmtRatio, markdownTable } from "./format.js";
import { mark, targetRows } from "./target-rows.js";
import { w6Section } from "./w6-markdown.js";

export { FLAT_TARGET, type TargetRow, targetRows } from "./target-rows.js";

const WORKLOAD_TITLES: Record<string, string> = {
  W1: "W1 — create sessions, one call each",
  W2: "W2 — append events one call each (~300 B of JSON; every fifth with a session and a `user:` delta)",
  W3: "W3 — read one session: last N events and merged state",
  W4: "W4 — list a user's most recently updated sessions",
  W5: "W5 — append a batch of events in one call (throughput in events/s; p50/p99 per batch)",
};

function standardSection(std: StandardResults): string[] {
  const out: string[] = [];
  const s = std.sizes;
  out.push(
    "## Standard workloads W1–W5",
    "",
    `Sizes: W1 ${fmtCount(s.sessions)} sessions over ${s.users} users; W2 ${fmtCount(s.events)} appends round-robin over ${s.appendSessions} sessions; ` +
      `W3 ${fmtCount(s.reads)} reads of the last ${fmtCount(s.readLast)} events; W4 ${fmtCount(s.lists)} listings of ${s.listLimit}; ` +
      `W5 ${s.batches} batches of ${fmtCount(s.batchEvents)} events. A workload stops after ${s.budgetMs / 1000} s ` +
      "(W5: twice that) and reports what it did (`n`). Each subject runs all five in its own child process on a fresh " +
      `directory, in ${std.rounds} round(s); the order of subjects reverses every round, so each adapter and its floor ` +
      "alternate (A B, B A, …). Figures are medians over the rounds; peak RSS is the whole child process's peak during that " +
      "workload (reset before each one; Node and the harness alone take some 50–70 MiB); disk is the subject's files after it. " +
      "These per-subject figures come from processes run minutes apart on a shared machine, so load drift moves them " +
      "(compare an adapter's W3 here with its interleaved ratio below); the floor ratios are the ones to judge the adapters by.",
    "",
  );
  for (const w of WORKLOADS) {
    const rows = std.subjects.map((subject) => {
      const f = subject.workloads.find((x) => x.workload === w);
      if (!f)
        return [
          subject.name,
          subject.kind,
          "—",
          "—",
          "—",
          "—",
          "—",
          "—",
          subject.errors.length ? "failed" : "",
        ];
      if (f.unsupported)
        return [
          subject.name,
          subject.kind,
          "—",
          "—",
          "—",
          "—",
          "—",
          "—",
          `not supported: ${f.unsupported}`,
        ];
      const n = f.n < f.planned ? `${fmtCount(f.n)} of ${fmtCount(f.planned)}` : fmtCount(f.n);
      return [
        subject.name,
        subject.kind,
        n,
        fmtRate(f.throughput),
        fmtLatency(f.p50),
        fmtLatency(f.p99),
        fmtBytes(f.peakRssBytes),
        fmtBytes(f.bytesOnDisk),
        f.note ?? "",
      ];
    });
    out.push(
      `### ${WORKLOAD_TITLES[w]}`,
      "",
      markdownTable(
        [
          "subject",
          "kind",
          "n",
          w === "W5" ? "events/s" : "ops/s",
          "p50",
          "p99",
          "peak RSS",
          "on disk",
          "note",
        ],
        rows,
      ),
      "",
    );
  }
  if ((std.failures?.length ?? 0) > 0) {
    out.push(
      "Failed runs (their figures are missing):",
      "",
      ...std.failures.map((f) => `- ${f}`),
      "",
    );
  }
  const pairs = [...new Set(std.floorRatios.map((f) => `${f.adapter}\u0000${f.floor}`))];
  if (pairs.length > 0) {
    out.push(
      "### Ratios to the raw driver floors",
      "",
      "Adapter time over a floor's, measured apart from the tables above: the floor and the adapter in one process, " +
        `each workload cut into ${std.blocks} blocks that the two take in turns (who goes first alternates), ${std.pairRounds} such run(s); ` +
        "the figure is the median of the per-block ratios (adapter block time ÷ floor block time, same calls). " +
        "Two floors per adapter: the **own-SQL floor** runs the adapter's exact SQL on the raw driver (same schema, search terms " +
        `included) — the code's overhead, target ≤ ${FLOOR_TARGET}×; the **lean floor** does the same semantic work with the ` +
        "leanest schema and SQL we could write (tooling/bench/README.md) — the design's cost, targets in brackets. " +
        "The **lean floor + listing indexes** (no target) adds the three session indexes sessionkit keeps so that every listing " +
        "the contract offers (an app's sessions by update, by creation, by id) reads one page: the part of the design cost they are. " +
        "The **lean floor + contract work** (no target) also does the per-event work the contract asks of an append: core's " +
        "validation (a typed error naming the event's path; one serialization and one copy of the content) and the stored " +
        "events returned: the part of W2 and W5 that work is. " +
        "`W2 p99`: the adapter's append p99 over the floor's in the same runs.",
      "",
      markdownTable(
        ["adapter", "floor", "kind", ...WORKLOADS, "W2 p99"],
        pairs.map((key) => {
          const mine = std.floorRatios.filter((f) => `${f.adapter}\u0000${f.floor}` === key);
          const first = mine[0];
          const w2 = mine.find((x) => x.workload === "W2");
          return [
            first?.adapter ?? "",
            first?.floor ?? "",
            floorKindLabel(first?.floorKind),
            ...WORKLOADS.map((w) => {
              const f = mine.find((x) => x.workload === w);
              if (!f) return "—";
              const bound =
                f.target === undefined || f.floorKind !== "lean" ? "" : ` [≤ ${f.target}×]`;
              return `${fmtRatio(f.ratio)}${bound} ${mark(f.ok).replace("—", "")}`.trim();
            }),
            w2?.p99Ratio === undefined
              ? "—"
              : `${fmtRatio(w2.p99Ratio)}${w2.p99Target === undefined ? "" : ` [≤ ${w2.p99Target}×] ${mark(w2.p99Ok)}`}`,
          ];
        }),
      ),
      "",
    );
  }
  const peers = [...new Set(std.peerRatios.map((p) => p.peer))];
  if (peers.length > 0) {
    out.push(
      "### sessionkit sqlite against the peers",
      "",
      `How many times faster ${PEER_BASELINE} is than each peer (peer time ÷ sessionkit's on the same calls): ` +
        `${PEER_BASELINE} and the peer in one process, each workload cut into ${std.blocks * 10} blocks taken in turns, ` +
        "median of the per-block ratios (a workload stops at its time budget, so a slow peer gives fewer blocks; † marks a figure " +
        "from the per-subject rounds instead, when the interleaved run failed). Targets from issue 8 in brackets.",
      "",
      markdownTable(
        ["peer", ...WORKLOADS],
        peers.map((p) => [
          p,
          ...WORKLOADS.map((w) => {
            const f = std.peerRatios.find((x) => x.peer === p && x.workload === w);
            const unsupported = std.subjects
              .find((x) => x.name === p)
              ?.workloads.find((x) => x.workload === w)?.unsupported;
            if (unsupported) return `not supported (${unsupported})`;
            if (!f || !Number.isFinite(f.ratio)) return "—";
            const target =
              f.target === undefined ? "" : ` [≥ ${f.target}×: ${f.ok ? "pass" : "**MISS**"}]`;
            return `${fmtRatio(f.ratio)}${f.source === "rounds" ? " †" : ""}${target}`;
          }),
        ]),
      ),
      "",
    );
  }
  return out;
}

function curveSection(curve: Curve): string[] {
  const series = [...new Set(curve.points.flatMap((p) => Object.keys(p.p50)))];
  return [
    `### ${curve.title}`,
    "",
    markdownTable(
      [curve.sizeLabel, ...series.map((s) => `${s} p50`), "adapter ÷ floor"],
      curve.points.map((p) => [
        fmtCount(p.size),
        ...series.map((s) => fmtLatency(p.p50[s] ?? Number.NaN)),
        p.ratio === undefined ? "—" : fmtRatio(p.ratio),
      ]),
    ),
    "",
  ];
}

function backfillSection(points: BackfillPoint[]): string[] {
  const cpu = (r: WorkerResult | undefined) =>
    r && r.cpuSeconds > 0 ? r.cpuSeconds.toFixed(1) : "—";
  return [
    "### Backfill (JSON-file store → SQLite) against dataset size",
    "",
    "sessionkit `backfill()` with the keys re-check, beside the raw floor " +
      "(fs + JSON.parse + the adapter's INSERTs, no checks); each run in its own process. Sessions of 100 events. " +
      "First with the full-text index built after the copy (counted), then into a target with full-text search off (no index), " +
      "then that target's index built alone on one thread (no copy: the work the index adds). " +
      "CPU-s: CPU time of every thread of the run (user + system).",
    "",
    markdownTable(
      [
        "events",
        "sessions",
        "full-text",
        "sessionkit events/s",
        "sessionkit CPU-s",
        "sessionkit peak RSS",
        "raw events/s",
        "raw CPU-s",
        "raw peak RSS",
        "sessionkit ÷ raw time",
      ],
      points.flatMap((p) => {
        const row = (label: string, s: WorkerResult, raw: WorkerResult | undefined) => [
          fmtCount(p.events),
          fmtCount(p.sessions),
          label,
          fmtCount(s.eventsPerSecond),
          cpu(s),
          `${Math.round(s.maxRssMB)} MB`,
          raw ? fmtCount(raw.eventsPerSecond) : "—",
          cpu(raw),
          raw ? `${Math.round(raw.maxRssMB)} MB` : "—",
          raw ? fmtRatio(raw.eventsPerSecond / s.eventsPerSecond) : "—",
        ];
        const rows = [row("index built after the copy", p.sessionkit, p.raw)];
        if (p.sessionkitNoIndex && p.rawNoIndex)
          rows.push(row("off (no index)", p.sessionkitNoIndex, p.rawNoIndex));
        if (p.indexAlone)
          rows.push(row("index built alone, one thread (no copy)", p.indexAlone, undefined));
        return rows;
      }),
    ),
    "",
  ];
}

function comparisonsSection(
  comparisons: ComparisonResult[],
  notes: Record<string, string[]> | undefined,
): string[] {
  const row = (c: ComparisonResult) => [
    c.suite,
    c.workload,
    `${c.baselineLabel}: ${fmtLatency(c.baseline.p50)}`,
    `${c.candidateLabel}: ${fmtLatency(c.candidate.p50)}`,
    fmtRatio(c.ratio),
    c.target === undefined ? "—" : `≤ ${c.target}×`,
    c.target === undefined ? "info" : mark(c.ok),
  ];
  const remote = comparisons.filter((c) => c.workload.startsWith("remote"));
  const out = [
    "## Adapter against driver, workload by workload (src/suites)",
    "",
    "Each row: the raw driver (baseline) and the adapter (candidate) in the same process, alternating in up to 20 rounds; " +
      "ratio = median of the per-round ratios of medians.",
    "",
    markdownTable(
      ["suite", "workload", "baseline p50", "candidate p50", "ratio", "target", ""],
      comparisons.map(row),
    ),
    "",
  ];
  if (remote.length > 0) {
    out.push(
      "### Remote: @sessionkit/libsql against a local sqld (loopback)",
      "",
      markdownTable(
        [
          "workload",
          "raw @libsql/client p50",
          "raw ops/s",
          "adapter p50",
          "adapter ops/s",
          "adapter ÷ raw",
        ],
        remote.map((c) => [
          c.workload,
          fmtLatency(c.baseline.p50),
          fmtRate(1e6 / c.baseline.mean),
          fmtLatency(c.candidate.p50),
          fmtRate(1e6 / c.candidate.mean),
          fmtRatio(c.ratio),
        ]),
      ),
      "",
    );
  }
  for (const [suite, lines] of Object.entries(notes ?? {})) {
    if (lines.length === 0) continue;
    out.push(`Notes of the ${suite} suite:`, "", ...lines.map((l) => `- ${l}`), "");
  }
  return out;
}

/** BENCHMARKS.md: the run's header, the targets, and every table. */
export function renderMarkdown(r: BenchResults, chartPath = "docs/benchmarks.svg"): string {
  const m = r.machine;
  const out: string[] = [
    "# Benchmarks",
    "",
    `Generated by \`pnpm bench\` (tooling/bench) on ${r.date.slice(0, 10)} (${r.date.slice(11, 16)} UTC), ${r.mode} run, ${Math.round(r.seconds)} s.`,
    "Regenerate with `pnpm bench` (full run; writes this file and the chart) — see tooling/bench/README.md.",
    "",
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os}`,
    `- Node ${m.node}${r.revision ? `; sessionkit at commit ${r.revision}` : ""}`,
    `- Load average (1/5/15 min) at start ${r.load.start.join(" / ")}, at end ${r.load.end.join(" / ")} — a shared machine: compare ratios measured in the same run, not absolute figures across runs.`,
    `- Packages: ${Object.entries(r.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  ];
  for (const c of r.carriedOver ?? []) {
    out.push(
      `- The ${c.section} section is from the run of ${c.date.slice(0, 16).replace("T", " ")} UTC.`,
    );
  }
  out.push("", `![scaling curves and adapter-vs-peer bars](${chartPath})`, "");
  const targets = targetRows(r);
  if (targets.length > 0) {
    out.push(
      "## Targets (issues 8 and 21)",
      "",
      markdownTable(
        ["target", "measured", ""],
        targets.map((t) => [t.target, t.measured, mark(t.ok)]),
      ),
      "",
    );
  }
  if (r.standard) out.push(...standardSection(r.standard));
  if (r.concurrency) out.push(...w6Section(r.concurrency));
  if ((r.curves?.length ?? 0) > 0 || (r.backfill?.length ?? 0) > 0) {
    out.push(
      "## Scaling",
      "",
      "Stores grown between sizes with bulk INSERTs into the sqlite adapter's schema (full-text index off; reads never use it). " +
        "At each size the adapter and the raw floor alternate in rounds; the libsql adapter reads a copy of the same file.",
      "",
    );
    for (const c of r.curves ?? []) out.push(...curveSection(c));
    if (r.backfill?.length) out.push(...backfillSection(r.backfill));
  }
  if (r.comparisons?.length) out.push(...comparisonsSection(r.comparisons, r.suiteNotes));
  return `${out.join("\n").trimEnd()}\n`;
}
