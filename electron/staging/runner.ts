import type { JobsRepo } from '../store/repos/jobs-repo.js';
import type { JobWithSteps } from '../store/repos/job-types.js';
import type { Blueprint } from './blueprint.js';
import { StagingError } from './device-port.js';
import type { StagingEvent } from './events.js';
import { executeJob, type ExecutorDeps, type JobOutcome } from './job-executor.js';
import { StartGate } from './start-gate.js';

export interface RunnerOptions extends ExecutorDeps {
  jobs: JobsRepo;
  /** How many devices are staged at the same time. */
  concurrency: number;
  loadBlueprint: (name: string, version: number) => Blueprint;
  isAttached: (udid: string) => boolean;
  /** Where paused batches are kept (the journal), so a restarted station keeps them paused. */
  holds?: BatchHolds;
}

export interface BatchHolds {
  heldBatchIds(): string[];
  setHeld(batchId: string, held: boolean): void;
}

interface Running {
  controller: AbortController;
  done: Promise<JobOutcome>;
}

/**
 * Stages many devices at once: a FIFO of jobs, at most `concurrency` running, never two for the
 * same device. A job whose device is unplugged pauses and is queued again when the same UDID
 * returns; a restarted station resumes every unfinished job (`resumeAll`).
 */
export class StagingRunner {
  private readonly queue: string[] = [];
  private readonly running = new Map<string, Running>(); // by UDID
  private readonly listeners = new Set<(e: StagingEvent) => void>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly batchNumbers = new Map<string, number>();
  private readonly held: Set<string>;
  /** Jobs a cancel was accepted for by this runner (the journal has it too). */
  private readonly cancelRequested = new Set<string>();
  private readonly starts = new StartGate();
  private stopped = false;

  constructor(private readonly opts: RunnerOptions) {
    this.held = new Set(opts.holds?.heldBatchIds() ?? []);
  }

  on(listener: (e: StagingEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Queue a job (already created in the journal). */
  enqueue(jobId: string, n?: number): void {
    if (n !== undefined) this.batchNumbers.set(jobId, n);
    if (!this.queue.includes(jobId)) this.queue.push(jobId);
    // Two columns, not the job and its journal: pump reads the whole job once it can start it.
    const job = this.opts.jobs.ownerOf(jobId);
    if (job) this.emit({ type: 'job-queued', jobId, udid: job.udid, batchId: job.batchId });
    this.pump();
  }

  /** At start-up: put back steps a killed station left running, then queue every unfinished job. */
  resumeAll(): number {
    this.opts.jobs.recoverInterrupted();
    const jobs = this.opts.jobs.unfinished();
    for (const job of jobs) this.enqueue(job.id);
    return jobs.length;
  }

  /** A device arrived (or re-arrived): resume its unfinished job, if it has one. */
  onAttach(udid: string): void {
    const job = this.opts.jobs.unfinishedForDevice(udid);
    if (job && !this.running.has(udid)) this.enqueue(job.id);
    else this.pump();
  }

  /** A device left: its running step is aborted with DEVICE_GONE; the job pauses until it returns. */
  onDetach(udid: string): void {
    this.running.get(udid)?.controller.abort(new StagingError('DEVICE_GONE', 'The device was unplugged during this step.', 'Plug it back in: the job resumes where it stopped.'));
  }

  cancel(jobId: string): boolean {
    const job = this.opts.jobs.get(jobId);
    if (!job) return false;
    const accepted = this.opts.jobs.requestCancel(jobId);
    if (accepted) this.cancelRequested.add(jobId);
    const i = this.queue.indexOf(jobId);
    if (i >= 0 && !this.running.has(job.udid)) {
      this.queue.splice(i, 1);
      this.cancelRequested.delete(jobId);
      this.opts.jobs.setState(jobId, 'cancelled');
      this.emit({ type: 'job-finished', jobId, udid: job.udid, batchId: job.batchId, state: 'cancelled' });
      this.checkIdle();
    } else if (accepted && !this.running.has(job.udid)) {
      // Unfinished and not running here: paused, queued for a device that is away, or left
      // "running" by a station that was killed (one station owns the journal). It ends now; left
      // with only its cancel request, the next station would resume it.
      this.cancelRequested.delete(jobId);
      this.opts.jobs.setState(jobId, 'cancelled');
      this.emit({ type: 'job-finished', jobId, udid: job.udid, batchId: job.batchId, state: 'cancelled' });
    }
    return accepted;
  }

  /**
   * Pauses a batch: its queued jobs are not started, its running jobs stop after their current
   * step (the executor checks between steps). Both wait as `paused` in the journal.
   */
  hold(batchId: string): void {
    if (this.held.has(batchId)) return;
    this.opts.holds?.setHeld(batchId, true);
    this.held.add(batchId);
    this.pump();
  }

  /** Resumes a paused batch: each job it stopped is queued again and continues where it stopped. */
  release(batchId: string): void {
    if (!this.held.delete(batchId)) return;
    this.opts.holds?.setHeld(batchId, false);
    for (const job of this.opts.jobs.listByBatch(batchId)) {
      // Paused without an error = stopped by the hold. Any other unfinished job is queued again too,
      // as a re-plug would: one whose device is away waits for it (pump drops it until onAttach).
      if (job.state === 'paused' && job.errorCode === null) this.opts.jobs.setState(job.id, 'queued');
      if (job.state === 'queued' || job.state === 'paused') this.enqueue(job.id);
    }
  }

  isHeld(batchId: string): boolean {
    return this.held.has(batchId);
  }

  /** Resolves when nothing is queued or running (paused jobs wait for their device or a person). */
  idle(): Promise<void> {
    if (this.queue.length === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  isRunning(udid: string): boolean {
    return this.running.has(udid);
  }

  /** Stop taking work and abort running jobs; they stay resumable in the journal. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const r of this.running.values()) r.controller.abort(new StagingError('INTERNAL', 'The station is stopping.'));
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  private pump(): void {
    if (this.stopped) return;
    for (let i = 0; i < this.queue.length && this.running.size < this.opts.concurrency; ) {
      const jobId = this.queue[i] as string;
      const job = this.opts.jobs.get(jobId);
      if (!job || job.state === 'succeeded' || job.state === 'cancelled') {
        this.queue.splice(i, 1);
        continue;
      }
      if (job.batchId && this.held.has(job.batchId) && !this.running.has(job.udid)) {
        this.queue.splice(i, 1);
        this.holdQueued(job, job.batchId);
        continue;
      }
      if (this.running.has(job.udid) || !this.opts.isAttached(job.udid)) {
        // Busy device, or not on the cart: a detached device's job waits for onAttach.
        if (!this.opts.isAttached(job.udid)) this.queue.splice(i, 1);
        else i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.start(job);
    }
    this.checkIdle();
  }

  private start(job: JobWithSteps): void {
    const controller = new AbortController();
    const state = job.state === 'failed' ? this.opts.jobs.setState(job.id, 'queued').state : job.state;
    // Every step recorded done but the job not (a station killed between its last step and the job's
    // own end, then resumed as queued): no step will start, which is what moves a job to running,
    // so it moves here and the executor records it succeeded as usual.
    const allDone = job.steps.every((s) => s.state === 'succeeded' || s.state === 'skipped');
    if (allDone && (state === 'queued' || state === 'paused')) this.opts.jobs.setState(job.id, 'running');
    const blueprint = this.opts.loadBlueprint(job.blueprintName, job.blueprintVersion);
    const n = this.batchNumbers.get(job.id) ?? (typeof job.params.n === 'number' ? job.params.n : 1);
    const deps = {
      ...this.opts,
      emit: (e: StagingEvent) => this.emit(e),
      isHeld: (b: string) => this.held.has(b),
      cancelRequested: (id: string) => this.cancelRequested.has(id),
      // Step transitions take turns with job starts: one device's journal writes and events per turn.
      turn: () => this.starts.turn(),
    };
    const done = this.starts
      .turn()
      .then(() => executeJob(job, blueprint, deps, controller.signal, n))
      .catch((err: unknown) => {
        // A bug or a store failure must not take the cart down: fail this job, keep the rest going.
        const message = err instanceof Error ? err.message : String(err);
        try {
          this.opts.jobs.setState(job.id, 'failed', { code: 'INTERNAL', message });
        } catch {
          // the journal already says where the job stopped
        }
        return { kind: 'finished', state: 'failed', error: { code: 'INTERNAL', message } } as JobOutcome;
      })
      .then((outcome) => {
        this.running.delete(job.udid);
        if (outcome.kind === 'finished') this.cancelRequested.delete(job.id);
        if (outcome.kind === 'finished') {
          this.emit({ type: 'job-finished', jobId: job.id, udid: job.udid, batchId: job.batchId, state: outcome.state, ...(outcome.error ? { error: outcome.error } : {}) });
        } else if (outcome.kind === 'paused' && outcome.reason === 'device-gone' && this.opts.isAttached(job.udid) && !this.stopped) {
          // Detach and re-attach raced ahead of us: resume at once.
          this.queue.push(job.id);
        }
        this.pump();
        return outcome;
      });
    this.running.set(job.udid, { controller, done });
  }

  /** A job of a paused batch that has not started its next step: it waits, paused, for the batch to resume. */
  private holdQueued(job: JobWithSteps, batchId: string): void {
    if (job.state !== 'queued') return; // paused for a device or a person: that stays its reason
    this.opts.jobs.setState(job.id, 'paused');
    this.emit({ type: 'job-held', jobId: job.id, udid: job.udid, batchId });
  }

  private checkIdle(): void {
    if (this.queue.length === 0 && this.running.size === 0) {
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  private emit(e: StagingEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a listener's failure is its own
      }
    }
  }
}
