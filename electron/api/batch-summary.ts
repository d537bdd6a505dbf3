import { csvLines } from './csv.js';
import { DEFAULT_REMEDY } from './remedies.js';
import type { SettledJob } from './staging.js';

/**
 * A batch's summary, one row per device, as the screens' summary table and its CSV show it and as
 * `cartwright batch show --csv` prints it: one definition, so the two files are the same.
 */

/** One device of a finished batch, as the summary table and its CSV show it. */
export interface SummaryRow {
  udid: string;
  slot: number | null;
  serial: string | null;
  name: string | null;
  outcome: SettledJob['state'];
  /** The title of the step it failed at ('Supervise'), when it failed. */
  failedStep: string | null;
  error: string | null;
  remedy: string | null;
  durationMs: number | null;
}

export const OUTCOME_LABEL: Record<SettledJob['state'], string> = {
  queued: 'Queued',
  running: 'Running',
  paused: 'Paused',
  succeeded: 'Ready',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function summaryRows(jobs: readonly SettledJob[]): SummaryRow[] {
  return jobs
    .map((j) => {
      // A failed job's failed step; a paused one's is the step it waits to run again.
      const failed = j.steps.find((s) => s.state === 'failed') ?? (j.state === 'paused' ? j.steps.find((s) => s.state === 'pending' || s.state === 'running') : undefined);
      const error = j.error ?? failed?.error ?? null;
      return {
        udid: j.udid,
        slot: j.slot,
        serial: j.serial,
        name: j.name,
        outcome: j.state,
        failedStep: j.state === 'failed' || j.state === 'paused' ? (failed?.title ?? null) : null,
        error: error?.message ?? null,
        remedy: error ? (error.remedy ?? DEFAULT_REMEDY[error.code]) : null,
        durationMs: j.startedAt && j.finishedAt ? Date.parse(j.finishedAt) - Date.parse(j.startedAt) : null,
      };
    })
    .sort((a, b) => (a.slot ?? Infinity) - (b.slot ?? Infinity) || a.udid.localeCompare(b.udid));
}

/** The summary as a spreadsheet opens it; cells quoted and formula-safe by the station's csvLines. */
export function summaryCsv(rows: readonly SummaryRow[]): string {
  const header = ['slot', 'serial', 'name', 'outcome', 'failed step', 'error', 'remedy', 'duration (s)', 'udid'];
  return csvLines([
    header,
    ...rows.map((r) => [r.slot, r.serial, r.name, OUTCOME_LABEL[r.outcome], r.failedStep, r.error, r.remedy, r.durationMs === null ? null : (r.durationMs / 1000).toFixed(1), r.udid]),
  ]);
}
