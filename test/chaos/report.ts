/** One scenario's outcome, as the summary prints it. Any failure makes `npm run chaos` exit non-zero. */
export interface ScenarioReport {
  name: string;
  rounds: number;
  events: number;
  cases: number;
  lost: number;
  duplicated: number;
  hangs: number;
  /** Untyped errors escaping, or a process dying on its own. */
  crashes: number;
  /** Every problem as one line (capped when printed). */
  failures: string[];
  /** Figures worth reading (per-round notes, distributions). */
  notes: string[];
  ms: number;
}

export function emptyReport(name: string): ScenarioReport {
  return { name, rounds: 0, events: 0, cases: 0, lost: 0, duplicated: 0, hangs: 0, crashes: 0, failures: [], notes: [], ms: 0 };
}

export function failed(r: ScenarioReport): boolean {
  return r.failures.length > 0 || r.lost > 0 || r.duplicated > 0 || r.hangs > 0 || r.crashes > 0;
}

export function formatSummary(reports: ScenarioReport[], seed: string, totalMs: number): string {
  const head = ['scenario', 'rounds', 'events', 'cases', 'lost', 'dup', 'hangs', 'crashes', 'failures', 'time', 'result'];
  const rows = reports.map((r) => [r.name, r.rounds, r.events, r.cases, r.lost, r.duplicated, r.hangs, r.crashes, r.failures.length, `${(r.ms / 1000).toFixed(0)} s`, failed(r) ? 'FAIL' : 'ok'].map(String));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  const out = [`chaos summary (seed ${seed}, ${(totalMs / 1000).toFixed(0)} s)`, line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  for (const r of reports) {
    if (r.notes.length) out.push('', `${r.name}:`, ...r.notes.map((n) => `  ${n}`));
    if (r.failures.length) out.push('', `${r.name} failures (${r.failures.length}):`, ...r.failures.slice(0, 40).map((f) => `  ✗ ${f}`), ...(r.failures.length > 40 ? [`  … and ${r.failures.length - 40} more`] : []));
  }
  return out.join('\n');
}
