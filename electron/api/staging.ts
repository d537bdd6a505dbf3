import { z } from 'zod';
import { ApiError } from './errors.js';

export const JobState = z.enum(['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled']);
export const StepState = z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped']);

export const JobStepView = z.object({
  name: z.string(),
  title: z.string(),
  state: StepState,
  attempts: z.number().int(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  error: ApiError.nullable(),
});

export const JobView = z.object({
  id: z.string(),
  udid: z.string(),
  batchId: z.string().nullable(),
  blueprint: z.object({ name: z.string(), version: z.number().int() }),
  state: JobState,
  error: ApiError.nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  steps: z.array(JobStepView),
});
export type JobView = z.infer<typeof JobView>;

export const BatchProgress = z.object({
  batchId: z.string(),
  blueprint: z.string(),
  total: z.number().int(),
  queued: z.number().int(),
  running: z.number().int(),
  paused: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  startedAt: z.string(),
  /** Estimated seconds left, from the steps finished so far; null until there is enough to go on. */
  etaSeconds: z.number().nullable(),
});
export type BatchProgress = z.infer<typeof BatchProgress>;

/** A job once `staging.settle` returns: its view and where the device is, for a results table. */
export const SettledJob = JobView.extend({ slot: z.number().int().nullable(), serial: z.string().nullable(), name: z.string().nullable() });
export type SettledJob = z.infer<typeof SettledJob>;

/**
 * `staging.settle`: waits until the jobs are settled — finished, or paused for a person (Trust,
 * activation), or paused for a device unplugged longer than `deviceTimeoutSeconds` — resuming
 * those whose device is back. What a one-shot host (the CLI) waits on before it reports.
 */
export const SettleInput = z.object({ jobIds: z.array(z.string().min(1)).min(1).max(10_000), deviceTimeoutSeconds: z.number().int().min(0).max(86_400).default(120) });

export const StartStagingInput = z.object({
  /** The devices to stage; 'all' = every connected device. */
  udids: z.union([z.array(z.string().min(1)).min(1), z.literal('all')]),
  /** A stored blueprint's name (its latest version is used). */
  blueprint: z.string().min(1),
  /** For flows that stage for a user (name templates' {user}, registrations). */
  user: z.string().optional(),
});
export type StartStagingInput = z.infer<typeof StartStagingInput>;

/** An unfinished job as `stage --resume` lists it; `needsIdentity`: its blueprint supervises or escalates. */
export const UnfinishedJob = z.object({ jobId: z.string(), udid: z.string(), blueprint: z.object({ name: z.string(), version: z.number().int() }), needsIdentity: z.boolean() });
export type UnfinishedJob = z.infer<typeof UnfinishedJob>;
