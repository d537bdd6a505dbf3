import { z } from 'zod';
import { ApiError, ErrorCode } from './errors.js';
import { lazySchema } from './lazy-schema.js';

export const JobState = lazySchema(() => z.enum(['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled']));
export const StepState = lazySchema(() => z.enum(['pending', 'running', 'succeeded', 'failed', 'skipped']));

export const JobStepView = lazySchema(() => z.object({
  name: z.string(),
  title: z.string(),
  state: StepState,
  attempts: z.number().int(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  error: ApiError.nullable(),
}));

const JobError = lazySchema(() => z.object({ code: ErrorCode, message: z.string(), remedy: z.string().optional() }));

/** One move of a staging job, as the runner reports it: a step started or finished, the job paused or finished. */
export const JobProgress = lazySchema(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('step-started'), jobId: z.string(), udid: z.string(), step: z.string(), title: z.string().nullable(), index: z.number().int(), count: z.number().int() }),
  z.object({
    kind: z.literal('step-finished'),
    jobId: z.string(),
    udid: z.string(),
    step: z.string(),
    index: z.number().int(),
    count: z.number().int(),
    outcome: z.enum(['succeeded', 'skipped', 'failed']),
    durationMs: z.number(),
    error: JobError.nullable(),
  }),
  z.object({ kind: z.literal('job-paused'), jobId: z.string(), udid: z.string(), reason: z.enum(['device-gone', 'needs-person']), error: JobError }),
  /** The job's batch was paused (staging.hold): it stopped between two steps, or before its first. */
  z.object({ kind: z.literal('job-held'), jobId: z.string(), udid: z.string(), batchId: z.string() }),
  z.object({ kind: z.literal('job-finished'), jobId: z.string(), udid: z.string(), batchId: z.string().nullable(), state: z.enum(['succeeded', 'failed', 'cancelled']), error: JobError.nullable() }),
]));
export type JobProgress = z.infer<typeof JobProgress>;

export const JobView = lazySchema(() => z.object({
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
}));
export type JobView = z.infer<typeof JobView>;

export const BatchProgress = lazySchema(() => z.object({
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
  /** True while a technician has paused the batch (staging.hold): nothing new starts, running devices stop after their step. */
  held: z.boolean().optional(),
}));
export type BatchProgress = z.infer<typeof BatchProgress>;

/** A job once `staging.settle` returns: its view and where the device is, for a results table. */
export const SettledJob = lazySchema(() => JobView.extend({ slot: z.number().int().nullable(), serial: z.string().nullable(), name: z.string().nullable() }));
export type SettledJob = z.infer<typeof SettledJob>;

/**
 * `staging.settle`: waits until the jobs are settled — finished, or paused for a person (Trust,
 * activation), or paused for a device unplugged longer than `deviceTimeoutSeconds` — resuming
 * those whose device is back. What a one-shot host (the CLI) waits on before it reports.
 */
export const SettleInput = lazySchema(() => z.object({ jobIds: z.array(z.string().min(1)).min(1).max(10_000), deviceTimeoutSeconds: z.number().int().min(0).max(86_400).default(120) }));

export const StartStagingInput = lazySchema(() => z.object({
  /** The devices to stage; 'all' = every connected device. */
  udids: z.union([z.array(z.string().min(1)).min(1), z.literal('all')]),
  /** A stored blueprint's name (its latest version is used). */
  blueprint: z.string().min(1),
  /** For flows that stage for a user (name templates' {user}, registrations). */
  user: z.string().optional(),
  /**
   * The technician agreed to keep the identity file the station was started with, sealed, until the
   * batch ends, so a resume after a crash needs no file or password (station/resume-identity.ts).
   */
  keepIdentityForResume: z.boolean().optional(),
}));
export const StartStagingOutput = lazySchema(() => z.object({ batchId: z.string(), jobIds: z.array(z.string()), identityKept: z.boolean().optional() }));
export type StartStagingInput = z.infer<typeof StartStagingInput>;

/** An unfinished job as `stage --resume` lists it; `needsIdentity`: its blueprint supervises or escalates. */
export const UnfinishedJob = lazySchema(() => z.object({ jobId: z.string(), udid: z.string(), blueprint: z.object({ name: z.string(), version: z.number().int() }), needsIdentity: z.boolean() }));
export type UnfinishedJob = z.infer<typeof UnfinishedJob>;

/** A reason a batch would fail on every device (staging/batch-validation.ts): shown before anything runs. */
export const BatchProblemKind = lazySchema(() => z.enum(['unknown-template-token', 'missing-slot', 'missing-user', 'identity-unusable', 'enrollment-profile-unusable', 'profile-unreadable']));
export type BatchProblemKind = z.infer<typeof BatchProblemKind>;

export const BatchProblem = lazySchema(() => z.object({
  kind: BatchProblemKind,
  message: z.string(),
  remedy: z.string(),
  /** The devices it concerns; empty when it concerns the whole batch. */
  udids: z.array(z.string()),
}));
export type BatchProblem = z.infer<typeof BatchProblem>;

/**
 * `staging.validate`: what `staging.start` would refuse, without starting anything, so a screen can
 * show the problems while the technician edits. A stored blueprint by name, or an unsaved body.
 */
export const ValidateStagingInput = lazySchema(() => z.object({
  udids: z.union([z.array(z.string().min(1)).min(1), z.literal('all')]),
  blueprint: z.union([z.string().min(1), z.object({ body: z.unknown() })]),
  user: z.string().optional(),
}));
export const ValidateStagingOutput = lazySchema(() => z.object({ ok: z.boolean(), problems: z.array(BatchProblem) }));

/**
 * `staging.hold`: pause (hold: true) or resume (hold: false) a batch. Paused, no device of it
 * starts and each running device stops at the end of its current step (never mid-step); resumed,
 * each continues from the step it stopped before. The hold is kept in the journal, so it
 * outlives a restart of the station.
 */
export const HoldBatchInput = lazySchema(() => z.object({ batchId: z.string().min(1), hold: z.boolean() }));

/** One batch, by its id (`staging.cancelBatch`: every unfinished job cancelled, running ones after their step; `staging.jobs`). */
export const BatchRef = lazySchema(() => z.object({ batchId: z.string().min(1) }));
export const CancelBatchOutput = lazySchema(() => z.object({ cancelled: z.number().int() }));
