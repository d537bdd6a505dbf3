import type { BatchProgress, JobView } from '../api/index.js';
import { errorInfo } from '../staging/error-info.js';
import { stepDefinition } from '../staging/steps/index.js';
import type { JobWithSteps } from '../store/repos/job-types.js';
import type { StationParts } from '../flows/parts.js';

const fail = (code: string, message: string): never => {
  throw Object.assign(new Error(message), { code });
};

export function jobView(job: JobWithSteps): JobView {
  const err = (code: string | null, message: string | null) => (code ? { ...errorInfo({ code, message: message ?? code }) } : null);
  return {
    id: job.id,
    udid: job.udid,
    batchId: job.batchId,
    blueprint: { name: job.blueprintName, version: job.blueprintVersion },
    state: job.state,
    error: err(job.errorCode, job.errorMessage),
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    steps: job.steps.map((s) => {
      let title = s.name;
      try {
        title = stepDefinition(s.name as never).title;
      } catch {
        // an unknown step name from a newer blueprint keeps its raw name
      }
      return { name: s.name, title, state: s.state, attempts: s.attempts, startedAt: s.startedAt, finishedAt: s.finishedAt, durationMs: s.durationMs, error: err(s.errorCode, s.errorMessage) };
    }),
  };
}

export function batchProgress(station: Pick<StationParts, 'store' | 'config'>, batchId: string): BatchProgress {
  const batch = station.store.batches.get(batchId) ?? fail('NOT_FOUND', `No batch ${batchId}.`);
  // States and times only: this runs at every step transition of every device in the batch.
  const jobs = station.store.jobs.batchStates(batchId);
  const count = (s: string) => jobs.filter((j) => j.state === s).length;
  const finished = jobs.filter((j) => j.finishedAt && j.startedAt);
  const remaining = jobs.length - count('succeeded') - count('failed') - count('cancelled');
  let etaSeconds: number | null = null;
  if (finished.length > 0 && remaining > 0) {
    const avg = finished.reduce((t, j) => t + (Date.parse(j.finishedAt!) - Date.parse(j.startedAt!)), 0) / finished.length;
    etaSeconds = Math.round((avg * Math.ceil(remaining / station.config.concurrency)) / 1000);
  } else if (remaining === 0) etaSeconds = 0;
  return {
    batchId,
    blueprint: `${batch.blueprintName ?? ''}`,
    total: jobs.length,
    queued: count('queued'),
    running: count('running'),
    paused: count('paused'),
    succeeded: count('succeeded'),
    failed: count('failed'),
    cancelled: count('cancelled'),
    startedAt: batch.createdAt,
    etaSeconds,
    held: batch.options.held === true,
  };
}
