import { z } from 'zod';
import { jsonObjectSchema, jsonValueSchema, readJson, readJsonOrNull, type JsonValue } from '../json.js';

export type JobState = 'queued' | 'running' | 'paused' | 'succeeded' | 'failed' | 'cancelled';
export type StepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

/** A job in one of these states still has work to do after a restart or a re-plug. */
export const UNFINISHED_JOB_STATES: readonly JobState[] = ['queued', 'running', 'paused'];
const FINISHED_JOB_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled'];

export function isFinished(state: JobState): boolean {
  return FINISHED_JOB_STATES.includes(state);
}

/**
 * Allowed moves. The journal's promise — a succeeded step is never run again — is enforced here:
 * succeeded and skipped steps have no way out, and neither do succeeded or cancelled jobs.
 * A failed job may be queued again (technician retries); its succeeded steps stay succeeded.
 */
export const JOB_TRANSITIONS: Readonly<Record<JobState, readonly JobState[]>> = {
  queued: ['running', 'paused', 'cancelled', 'failed'],
  running: ['paused', 'succeeded', 'failed', 'cancelled', 'queued'],
  paused: ['running', 'queued', 'cancelled', 'failed'],
  failed: ['queued'],
  succeeded: [],
  cancelled: [],
};

export const STEP_TRANSITIONS: Readonly<Record<StepState, readonly StepState[]>> = {
  pending: ['running', 'skipped'],
  // running → skipped: a step that found the device already done (it checks before it acts).
  running: ['succeeded', 'failed', 'pending', 'skipped'],
  failed: ['running', 'pending', 'skipped'],
  succeeded: [],
  skipped: [],
};

/** One link of a device error's cause chain (DeviceError → lockdown error → usbmuxd error …). */
export const errorChainSchema = z.array(
  z.looseObject({ code: z.string().optional(), message: z.string().optional(), domain: z.string().optional() }),
);
export type ErrorChain = z.infer<typeof errorChainSchema>;

export interface StepFailure {
  code: string;
  message: string;
  chain?: ErrorChain;
}

const paramsSchema = jsonObjectSchema;
export type JobParams = z.infer<typeof paramsSchema>;

export interface Job {
  id: string;
  udid: string;
  batchId: string | null;
  blueprintName: string;
  blueprintVersion: number;
  state: JobState;
  /** Per-job inputs the steps need (target user, name-template values, permission to erase …). */
  params: JobParams;
  requestedBy: string | null;
  cancelRequested: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface JobStep {
  jobId: string;
  ordinal: number;
  name: string;
  state: StepState;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  errorChain: ErrorChain | null;
  result: JsonValue | null;
}

export interface JobWithSteps extends Job {
  steps: JobStep[];
}

/** Where a resumed job picks up: the first step that has neither succeeded nor been skipped. */
export function resumeStepOf(job: JobWithSteps): JobStep | undefined {
  return job.steps.find((step) => step.state !== 'succeeded' && step.state !== 'skipped');
}

export interface JobRecord {
  id: string;
  udid: string;
  batch_id: string | null;
  blueprint_name: string;
  blueprint_version: number;
  state: JobState;
  params: string;
  requested_by: string | null;
  cancel_requested: number;
  error_code: string | null;
  error_message: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface StepRecord {
  job_id: string;
  ordinal: number;
  name: string;
  state: StepState;
  attempts: number;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  error_code: string | null;
  error_message: string | null;
  error_chain: string | null;
  result: string | null;
}

export function toJob(r: JobRecord): Job {
  return {
    id: r.id,
    udid: r.udid,
    batchId: r.batch_id,
    blueprintName: r.blueprint_name,
    blueprintVersion: r.blueprint_version,
    state: r.state,
    params: readJson(r.params, paramsSchema, `job ${r.id} params`),
    requestedBy: r.requested_by,
    cancelRequested: r.cancel_requested === 1,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export function toStep(r: StepRecord): JobStep {
  const where = `job ${r.job_id} step ${r.ordinal}`;
  return {
    jobId: r.job_id,
    ordinal: r.ordinal,
    name: r.name,
    state: r.state,
    attempts: r.attempts,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    errorChain: readJsonOrNull(r.error_chain, errorChainSchema, `${where} error chain`),
    result: readJsonOrNull(r.result, jsonValueSchema, `${where} result`),
  };
}
