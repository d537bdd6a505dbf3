import type { JobProgress } from '../api/staging.js';
import type { StagingEvent } from '../staging/events.js';

/**
 * The runner's events that a host may follow a job by (step started/finished, paused, finished),
 * in the contract's shape; the rest (facts, queueing, a step's progress text) reach the screens
 * through the device tiles instead.
 */
export function jobProgress(e: StagingEvent): JobProgress | null {
  switch (e.type) {
    case 'step-started':
      return { kind: 'step-started', jobId: e.jobId, udid: e.udid, step: e.step, title: e.title ?? null, index: e.index, count: e.count };
    case 'step-finished':
      return { kind: 'step-finished', jobId: e.jobId, udid: e.udid, step: e.step, index: e.index, count: e.count, outcome: e.outcome, durationMs: e.durationMs, error: e.error ?? null };
    case 'job-paused':
      return { kind: 'job-paused', jobId: e.jobId, udid: e.udid, reason: e.reason, error: e.error };
    case 'job-held':
      return { kind: 'job-held', jobId: e.jobId, udid: e.udid, batchId: e.batchId };
    case 'job-finished':
      return { kind: 'job-finished', jobId: e.jobId, udid: e.udid, batchId: e.batchId, state: e.state, error: e.error ?? null };
    default:
      return null;
  }
}
