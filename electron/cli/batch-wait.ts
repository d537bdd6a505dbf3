import type { DeviceSummary, HostedHandlers, SettledJob, StationEvent } from '../api/index.js';
import { callApi } from './api-call.js';
import { ExitCode } from './exit-codes.js';
import type { Output } from './output.js';
import { table } from './output.js';

export interface BatchOutcome {
  jobs: SettledJob[];
  exitCode: ExitCode;
}

/** What waiting needs of a station: its API and its event stream, as the screens have them. */
export interface StagingSource {
  readonly handlers: HostedHandlers;
  subscribe(listener: (e: StationEvent) => void): () => void;
}

/**
 * Waits for a set of jobs to settle (the station's `staging.settle`: finished, or paused for a
 * person, or for a device unplugged longer than `deviceTimeoutMs`) while printing, to people
 * (stderr), each change of the `udids`' tiles as the station's `devices` events report it.
 */
export async function waitForJobs(station: StagingSource, jobIds: string[], out: Output, deviceTimeoutMs: number, udids: readonly string[] = []): Promise<BatchOutcome> {
  const watched = new Set(udids);
  const shown = new Map<string, string>();
  const off = station.subscribe((e) => {
    if (e.type !== 'devices') return;
    for (const d of e.devices) {
      if (!watched.has(d.udid)) continue;
      const line = progressLine(d);
      if (shown.get(d.udid) !== line) out.progress(line);
      shown.set(d.udid, line);
    }
  });
  try {
    const { jobs } = await callApi(station, 'staging.settle', { jobIds, deviceTimeoutSeconds: Math.ceil(deviceTimeoutMs / 1000) });
    const ok = jobs.filter((j) => j.state === 'succeeded').length;
    return { jobs, exitCode: ok === jobs.length ? ExitCode.OK : ok === 0 ? ExitCode.FAILURE : ExitCode.PARTIAL };
  } finally {
    off();
  }
}

/** One device's tile as a line: where it is, what it does now, and what a person should do. */
function progressLine(d: DeviceSummary): string {
  const who = `[slot ${d.slot ?? '?'}] ${d.serial ?? d.udid.slice(0, 12)}`;
  const doing = d.progress ? `${d.progress.title} (${d.progress.step}/${d.progress.of})` : (d.stateDetail ?? d.state);
  const error = d.error && !doing.includes(d.error.message) ? `: ${d.error.message}${d.error.remedy ? ` → ${d.error.remedy}` : ''}` : '';
  return `${who}  ${doing}${error}`;
}

export function outcomeTable(outcome: BatchOutcome): string {
  const ok = outcome.jobs.filter((j) => j.state === 'succeeded').length;
  return `${table(
    ['SLOT', 'SERIAL', 'NAME', 'RESULT', 'DETAIL'],
    outcome.jobs.map((j) => [j.slot ?? '?', j.serial ?? j.udid.slice(0, 12), j.name ?? '', j.state, j.error ? `${j.error.code}: ${j.error.message}${j.error.remedy ? ` → ${j.error.remedy}` : ''}` : '']),
  )}\n${ok} of ${outcome.jobs.length} devices ready.`;
}
