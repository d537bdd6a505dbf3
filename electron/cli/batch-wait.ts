import type { JobView } from '../api/index.js';
import { jobView } from '../station/handlers.js';
import type { StagingEvent } from '../staging/events.js';
import type { Station } from '../station/station.js';
import { ExitCode } from './exit-codes.js';
import type { Output } from './output.js';
import { table } from './output.js';

export interface BatchOutcome {
  jobs: (JobView & { slot: number | null; serial: string | null; name: string | null })[];
  exitCode: ExitCode;
}

/**
 * Waits for a set of jobs to settle: finished, or paused for a person (Trust, activation), or
 * paused for a device that stayed unplugged longer than `deviceTimeoutMs`. Prints one line per
 * step to people (stderr) while it waits.
 */
export async function waitForJobs(station: Station, jobIds: string[], out: Output, deviceTimeoutMs: number): Promise<BatchOutcome> {
  const ids = new Set(jobIds);
  const off = station.runner.on((e) => progressLine(station, e, ids, out));
  const goneSince = new Map<string, number>();
  try {
    for (;;) {
      await station.runner.idle();
      const jobs = jobIds.map((id) => station.store.jobs.get(id)).filter((j) => !!j);
      const waitingForDevice = jobs.filter((j) => j.state === 'paused' && j.errorCode === 'DEVICE_GONE' && !station.layer.watcher.isAttached(j.udid));
      const now = Date.now();
      for (const j of waitingForDevice) if (!goneSince.has(j.id)) goneSince.set(j.id, now);
      const stillWaiting = waitingForDevice.filter((j) => now - (goneSince.get(j.id) ?? now) < deviceTimeoutMs);
      const runnable = jobs.some((j) => (j.state === 'queued' || (j.state === 'paused' && j.errorCode === 'DEVICE_GONE')) && station.layer.watcher.isAttached(j.udid) && !station.runner.isRunning(j.udid));
      if (runnable) {
        for (const j of jobs) if ((j.state === 'queued' || j.state === 'paused') && station.layer.watcher.isAttached(j.udid) && j.errorCode !== 'NOT_ACTIVATED') station.runner.enqueue(j.id);
        continue;
      }
      if (stillWaiting.length === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    off();
  }
  return summarize(station, jobIds);
}

function summarize(station: Station, jobIds: string[]): BatchOutcome {
  const views = jobIds
    .map((id) => station.store.jobs.get(id))
    .filter((j) => !!j)
    .map((j) => {
      const d = station.registry.get(j.udid);
      const view = jobView(j);
      // The live registry keeps the device layer's own remedy; the journal keeps only code and sentence.
      if (view.error && d?.error?.remedy && d.error.code === view.error.code) view.error.remedy = d.error.remedy;
      return { ...view, slot: d?.slot ?? null, serial: d?.serial ?? null, name: d?.name ?? null };
    });
  const ok = views.filter((j) => j.state === 'succeeded').length;
  const exitCode = ok === views.length ? ExitCode.OK : ok === 0 ? ExitCode.FAILURE : ExitCode.PARTIAL;
  return { jobs: views, exitCode };
}

function progressLine(station: Station, e: StagingEvent, ids: Set<string>, out: Output): void {
  if (!ids.has(e.jobId)) return;
  const d = station.registry.get(e.udid);
  const who = `[slot ${d?.slot ?? '?'}] ${d?.serial ?? e.udid.slice(0, 12)}`;
  if (e.type === 'step-started') out.progress(`${who}  ${e.step} (${e.index + 1}/${e.count})`);
  else if (e.type === 'step-progress') out.progress(`${who}  ${e.text}`);
  else if (e.type === 'step-finished' && e.outcome === 'failed') out.progress(`${who}  ${e.step} failed: ${e.error?.message ?? ''}`);
  else if (e.type === 'job-paused') out.progress(`${who}  paused: ${e.error.message}${e.error.remedy ? ` → ${e.error.remedy}` : ''}`);
  else if (e.type === 'job-finished') out.progress(`${who}  ${e.state}${e.error ? `: ${e.error.message}${e.error.remedy ? ` → ${e.error.remedy}` : ''}` : ''}`);
}

export function outcomeTable(outcome: BatchOutcome): string {
  const ok = outcome.jobs.filter((j) => j.state === 'succeeded').length;
  return `${table(
    ['SLOT', 'SERIAL', 'NAME', 'RESULT', 'DETAIL'],
    outcome.jobs.map((j) => [j.slot ?? '?', j.serial ?? j.udid.slice(0, 12), j.name ?? '', j.state, j.error ? `${j.error.code}: ${j.error.message}${j.error.remedy ? ` → ${j.error.remedy}` : ''}` : '']),
  )}\n${ok} of ${outcome.jobs.length} devices ready.`;
}
