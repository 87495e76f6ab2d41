import type { VerifyReport } from "./verify.js";

/** The report as readable text (the CLI's default output). */
export function formatVerifyReport(report: VerifyReport, options: { users?: number } = {}): string {
  const lines: string[] = [];
  const t = report.totals;
  lines.push(`verify ${report.ok ? "OK" : "FAILED"}: ${report.legacy} vs ${report.target}`);
  lines.push(
    `  sessions  legacy ${t.legacy.sessions}  target ${t.target.sessions}   events  legacy ${t.legacy.events}  target ${t.target.events}`,
  );
  lines.push(
    `  matched ${t.matched}  mismatched ${t.mismatched}  scopes compared ${report.scopesCompared}  scope mismatches ${report.scopeMismatches.length}  (${report.durationMs} ms)`,
  );
  const showUsers = options.users ?? 10;
  const bad = report.users.filter(
    (u) =>
      u.mismatches > 0 ||
      u.legacy.sessions !== u.target.sessions ||
      u.legacy.events !== u.target.events,
  );
  const listed = bad.length > 0 ? bad : report.users;
  lines.push(
    `  per user (${report.users.length} users${bad.length > 0 ? `, ${bad.length} differ` : ", all equal"}):`,
  );
  for (const u of listed.slice(0, showUsers)) {
    lines.push(
      `    ${JSON.stringify(u.appName)}/${JSON.stringify(u.userId)}  sessions ${u.legacy.sessions}/${u.target.sessions}  events ${u.legacy.events}/${u.target.events}${u.mismatches ? `  mismatches ${u.mismatches}` : ""}`,
    );
  }
  if (listed.length > showUsers)
    lines.push(`    … ${listed.length - showUsers} more (use --json for all)`);
  for (const m of report.mismatches.slice(0, 20)) {
    const k = `${JSON.stringify(m.key.appName)}/${JSON.stringify(m.key.userId)}/${JSON.stringify(m.key.sessionId)}`;
    const detail =
      m.kind === "content"
        ? `differs at ${m.path} (revision legacy ${m.legacy?.revision} / target ${m.target?.revision})`
        : m.kind;
    lines.push(`  ✗ ${k}: ${detail}`);
  }
  if (report.mismatches.length > 20) lines.push(`  … ${t.mismatched - 20} more mismatches`);
  for (const s of report.scopeMismatches.slice(0, 20)) {
    lines.push(
      `  ✗ ${s.scope.userId === undefined ? `app ${JSON.stringify(s.scope.appName)}` : `user ${JSON.stringify(s.scope.appName)}/${JSON.stringify(s.scope.userId)}`} state differs at ${s.path}`,
    );
  }
  for (const u of report.unreadable.slice(0, 20)) {
    lines.push(`  ✗ unreadable in legacy ${JSON.stringify(u.key)}: ${u.message}`);
  }
  if (t.unreadable > 0) {
    lines.push(
      `  ${t.unreadable} legacy sessions unreadable (damaged files): restore them from a backup, or move them out of the legacy root if they are lost, then verify again`,
    );
  }
  if (report.driftPending === null)
    lines.push("  drift journal: could not be read (check the target, then run verify again)");
  else if (report.driftPending > 0)
    lines.push(`  drift journal: ${report.driftPending} entries pending (run repair)`);
  return lines.join("\n");
}
