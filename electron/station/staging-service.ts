import { parseBlueprint, type Blueprint } from '../staging/blueprint.js';
import type { Store } from '../store/store.js';
import { UNFINISHED_JOB_STATES, type JobState } from '../store/repos/job-types.js';
import type { StagingEvent } from '../staging/events.js';
import { batchProblems, startBatch, type BatchParts, type BatchRequest } from '../flows/batches.js';
import type { BatchProblem, BatchProgress, UnfinishedJob } from '../api/staging.js';
import { batchProgress } from './staging-views.js';
import { PacedBatchEvents } from './paced-batch-events.js';
import type { StationParts } from '../flows/parts.js';

export type StagingParts = BatchParts & Pick<StationParts, 'emit'>;

/** A stored blueprint, parsed; the latest version unless one is named. */
export function loadBlueprint(store: Store, name: string, version?: number): Blueprint {
  const stored = version === undefined ? store.blueprints.latest(name) : store.blueprints.get(name, version);
  if (!stored) throw Object.assign(new Error(`No blueprint named "${name}"${version ? ` (version ${version})` : ''}.`), { code: 'NOT_FOUND' });
  const parsed = parseBlueprint(stored.body);
  if (!parsed.ok) throw Object.assign(new Error(`Blueprint "${name}" is invalid: ${parsed.errors.join('; ')}`), { code: 'INVALID_INPUT' });
  return parsed.blueprint;
}

/** Blueprints, batches, retries and auto-stage: the staging commands over the runner and the store. */
export class StagingService {
  /** Each unfinished job's batch and state as the batch events count it (see jobChanged). */
  private readonly shown = new Map<string, { batchId: string | null; state: JobState }>();
  private readonly batchEvents: PacedBatchEvents;

  constructor(private readonly parts: StagingParts) {
    this.batchEvents = new PacedBatchEvents((batchId) => this.showBatch(batchId));
  }

  saveBlueprint(blueprint: Blueprint): { name: string; version: number; created: boolean } {
    const r = this.parts.store.blueprints.save(blueprint.name, blueprint as never, this.parts.config.actor);
    return { name: r.blueprint.name, version: r.blueprint.version, created: r.created };
  }

  startBatch(request: BatchRequest): { batchId: string; jobIds: string[] } {
    return startBatch(this.parts, request);
  }

  /**
   * What `startBatch` would refuse for these devices and this blueprint (stored, or an unsaved
   * body from an editor), without creating anything: the same check, so screens and CLI agree.
   */
  validate(request: { udids: string[] | 'all'; blueprint: string | { body: unknown }; user?: string }): BatchProblem[] {
    let blueprint: Blueprint;
    if (typeof request.blueprint === 'string') blueprint = this.parts.blueprint(request.blueprint);
    else {
      const parsed = parseBlueprint(request.blueprint.body);
      if (!parsed.ok) throw Object.assign(new Error(`The blueprint is invalid: ${parsed.errors.join('; ')}`), { code: 'INVALID_INPUT' });
      blueprint = parsed.blueprint;
    }
    const udids = request.udids === 'all' ? this.parts.registry.connectedUdids() : request.udids;
    return batchProblems(this.parts, blueprint, udids.map((udid) => ({ udid, ...(request.user ? { user: request.user } : {}) })));
  }

  /** Re-queues the device's latest job unless it finished (a failed one is queued again). */
  retry(udid: string): { jobId: string | null } {
    const { store, runner } = this.parts;
    const job = store.jobs.journal(udid, 1)[0];
    if (!job || job.state === 'succeeded' || job.state === 'cancelled') return { jobId: null };
    if (job.state === 'failed') store.jobs.setState(job.id, 'queued');
    runner.enqueue(job.id);
    return { jobId: job.id };
  }

  /** Pauses or resumes a whole batch (see HoldBatchInput); the screens see its progress at once. */
  hold(batchId: string, hold: boolean): BatchProgress {
    const { runner } = this.parts;
    this.requireBatch(batchId);
    if (hold) runner.hold(batchId);
    else runner.release(batchId);
    this.parts.audit(hold ? 'staging.pause' : 'staging.resumeBatch', null, { batchId });
    return this.showBatch(batchId);
  }

  /** Cancels every unfinished job of a batch: waiting ones at once, running ones after their step. */
  cancelBatch(batchId: string): { cancelled: number } {
    const { store, runner } = this.parts;
    this.requireBatch(batchId);
    const open = store.jobs.listByBatch(batchId).filter((j) => UNFINISHED_JOB_STATES.includes(j.state));
    const cancelled = open.filter((j) => runner.cancel(j.id)).length;
    this.parts.audit('staging.cancelBatch', null, { batchId, cancelled });
    this.showBatch(batchId);
    return { cancelled };
  }

  private requireBatch(batchId: string): void {
    if (!this.parts.store.batches.get(batchId)) throw Object.assign(new Error(`No batch ${batchId}.`), { code: 'NOT_FOUND', remedy: 'Pick a batch from the Staging screen or the Cart screen.' });
  }

  private showBatch(batchId: string): BatchProgress {
    const progress = batchProgress(this.parts, batchId);
    this.batchEvents.sent(batchId);
    this.parts.emit({ type: 'batch', progress });
    return progress;
  }

  /** Unfinished jobs, each with whether its blueprint needs the supervision identity (supervise, escalate). */
  unfinished(): UnfinishedJob[] {
    return this.parts.store.jobs.unfinished().map((j) => ({
      jobId: j.id,
      udid: j.udid,
      blueprint: { name: j.blueprintName, version: j.blueprintVersion },
      needsIdentity: this.parts.blueprint(j.blueprintName, j.blueprintVersion).steps.some((s) => s.type === 'supervise' || s.type === 'escalate'),
    }));
  }

  /**
   * Queues every unfinished job again (each repeats nothing its journal says is done). Refused
   * before any device is touched when a job needs the identity and `identityProblem` says why it
   * cannot be used, rather than failing halfway through each device.
   */
  resume(identityProblem: () => string | null): UnfinishedJob[] {
    const jobs = this.unfinished();
    if (!jobs.length) return [];
    const problem = jobs.some((j) => j.needsIdentity) ? identityProblem() : null;
    if (problem) {
      throw Object.assign(new Error(`${problem}, and unfinished jobs supervise their devices`), {
        code: 'CONFLICT',
        remedy: 'Give the station the identity the batch started with (cartwright stage --resume --identity F.p12 --password PW), or store it (cartwright identity import F.p12 --password PW).',
      });
    }
    this.parts.runner.resumeAll();
    this.parts.audit('staging.resume', null, { jobs: jobs.length });
    return jobs;
  }

  autoStage(): { enabled: boolean; blueprint: string | null } {
    const v = this.parts.store.settings.get('staging.autoStage') as { enabled?: boolean; blueprint?: string | null } | undefined;
    return { enabled: v?.enabled === true, blueprint: v?.blueprint ?? null };
  }

  /** Auto-stage: every device plugged in is staged with this blueprint (unless it is already ready). */
  setAutoStage(enabled: boolean, blueprint?: string): { enabled: boolean; blueprint: string | null } {
    if (enabled) this.parts.blueprint(blueprint ?? this.autoStage().blueprint ?? '');
    const value = { enabled, blueprint: blueprint ?? this.autoStage().blueprint };
    this.parts.store.settings.set('staging.autoStage', value);
    this.parts.audit('staging.autoStage', null, value);
    return value;
  }

  maybeAutoStage(udid: string): void {
    const auto = this.autoStage();
    const { store } = this.parts;
    if (!auto.enabled || !auto.blueprint) return;
    if (store.jobs.unfinishedForDevice(udid) || store.devices.get(udid)?.lastJobState === 'succeeded') return;
    try {
      this.startBatch({ udids: [udid], blueprint: auto.blueprint, requestedBy: 'auto-stage' });
    } catch (e) {
      this.parts.emit({ type: 'notice', level: 'warning', message: `Auto-stage could not start on ${udid}: ${(e as Error).message}` });
    }
  }

  /** Whether every job of the batch has finished (none queued, running or paused). */
  batchEnded(batchId: string): boolean {
    try {
      const p = batchProgress(this.parts, batchId);
      return p.queued + p.running + p.paused === 0;
    } catch {
      return true;
    }
  }

  /**
   * A job moved (a runner event): the screens get its batch's progress. The state comes from the
   * event, so following a job costs no read; a move that leaves the state as counted (every step
   * after a job's first) sends nothing; and a batch's progress, which reads all its jobs, is sent
   * at most every BATCH_EVENT_INTERVAL_MS (the last move always gets its own, promptly) rather than
   * at each of the N jobs' moves, which was quadratic in the batch's size.
   */
  jobChanged(e: StagingEvent): void {
    const state = jobStateAfter(e);
    if (!state) return;
    const known = this.shown.get(e.jobId);
    const batchId = 'batchId' in e ? e.batchId : known ? known.batchId : (this.parts.store.jobs.batchStateOf(e.jobId)?.batchId ?? null);
    if (known?.state === state && known.batchId === batchId) return;
    if (UNFINISHED_JOB_STATES.includes(state)) this.shown.set(e.jobId, { batchId, state });
    else this.shown.delete(e.jobId);
    if (!batchId) return;
    const ended = e.type === 'job-finished' && !this.parts.store.jobs.hasUnfinishedInBatch(batchId);
    this.batchEvents.request(batchId, ended);
  }
}

/** The job's state once the runner has sent this event; null for events that do not move it. */
function jobStateAfter(e: StagingEvent): JobState | null {
  switch (e.type) {
    case 'job-queued':
      return 'queued';
    case 'step-started':
      return 'running';
    case 'job-paused':
    case 'job-held':
      return 'paused';
    case 'job-finished':
      return e.state;
    default:
      return null;
  }
}
