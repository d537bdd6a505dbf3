import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { iso, systemClock, type Clock } from '../clock.js';
import { StoreError } from '../errors.js';
import { toJson, type JsonValue } from '../json.js';
import { statementCache, transactions, type StatementCache, type Transactions } from '../sql.js';
import {
  isFinished,
  toJob,
  toStep,
  type Job,
  type JobParams,
  type JobRecord,
  type JobState,
  type JobStep,
  type JobWithSteps,
  type StepFailure,
  type StepRecord,
  type StepState,
} from './job-types.js';
import { moveStepSql, setStateSql, START_JOB_SQL, START_STEP_SQL } from './jobs-sql.js';

export interface NewJob {
  udid: string;
  blueprint: { name: string; version: number };
  /** Step names in the order they run; their ordinals are their positions. */
  steps: readonly string[];
  params?: JobParams;
  requestedBy?: string | null;
  batchId?: string | null;
}

const UNFINISHED = `state IN ('queued', 'running', 'paused')`;
const INSERT_STEPS_SQL = 'INSERT INTO job_steps (job_id, ordinal, name) SELECT ?, key, value FROM json_each(?) ORDER BY key';
const INSERT_JOB_SQL = `INSERT INTO jobs (id, udid, batch_id, blueprint_name, blueprint_version, params, requested_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const SET_DEVICE_JOB_STATE_SQL = 'UPDATE devices SET last_job_state = ? WHERE udid = ?';

/**
 * Jobs and their journal of steps. Every transition is checked against JOB_TRANSITIONS /
 * STEP_TRANSITIONS inside a transaction (by the UPDATE itself, jobs-sql.ts), so a resumed or
 * duplicated runner cannot, for example, run a succeeded step again.
 */
export class JobsRepo {
  private readonly sql: StatementCache;
  private readonly tx: Transactions;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock = systemClock,
  ) {
    this.sql = statementCache(db);
    this.tx = transactions(db);
  }

  /** The job and all its steps appear together or not at all. */
  create(job: NewJob): JobWithSteps {
    // The same statements as a batch of one, and the job read back in the same transaction.
    return this.tx(() => this.require(this.createAll([job])[0]!));
  }

  /**
   * A batch's jobs in one transaction: all of them are journaled or none (a station killed while
   * starting a batch leaves no half of it to resume). Unlike `create`, nothing is read back: at 100
   * devices the read-back was 200 SELECTs and 100 JSON parses inside the main thread's one block.
   * Returns the ids in the order given.
   */
  createAll(jobs: readonly NewJob[]): string[] {
    if (jobs.some((j) => j.steps.length === 0)) throw new StoreError('INVALID_INPUT', 'A job needs at least one step');
    return this.tx(() => {
      const insertJob = this.sql(INSERT_JOB_SQL);
      // A job's steps in one statement, ordinals from their positions (json_each's key): a
      // ten-step blueprint was ten INSERTs per device.
      const insertSteps = this.sql(INSERT_STEPS_SQL);
      const queued = this.sql(SET_DEVICE_JOB_STATE_SQL);
      const now = iso(this.clock());
      return jobs.map((job) => {
        const id = randomUUID();
        insertJob.run(id, job.udid, job.batchId ?? null, job.blueprint.name, job.blueprint.version, toJson(job.params ?? {}), job.requestedBy ?? null, now);
        insertSteps.run(id, JSON.stringify(job.steps));
        queued.run('queued', job.udid);
        return id;
      });
    });
  }

  get(id: string): JobWithSteps | undefined {
    const row = this.sql('SELECT * FROM jobs WHERE id = ?').get(id) as JobRecord | undefined;
    return row && this.withSteps(row);
  }

  /** The job without its journal of steps (one row, no steps read), for callers that ask about its state. */
  getJob(id: string): Job | undefined {
    const row = this.sql('SELECT * FROM jobs WHERE id = ?').get(id) as JobRecord | undefined;
    return row && toJob(row);
  }

  /** Every job a restarted station must pick up again, oldest first. */
  unfinished(): JobWithSteps[] {
    const rows = this.sql(`SELECT * FROM jobs WHERE ${UNFINISHED} ORDER BY created_at, rowid`).all() as JobRecord[];
    return rows.map((row) => this.withSteps(row));
  }

  /** The job to resume when this device is plugged back in, if any. */
  unfinishedForDevice(udid: string): JobWithSteps | undefined {
    const row = this.sql(`SELECT * FROM jobs WHERE udid = ? AND ${UNFINISHED} ORDER BY created_at DESC, rowid DESC LIMIT 1`).get(udid) as
      | JobRecord
      | undefined;
    return row && this.withSteps(row);
  }

  /** What happened to a device, newest job first. */
  journal(udid: string, limit = 20): JobWithSteps[] {
    const rows = this.sql('SELECT * FROM jobs WHERE udid = ? ORDER BY created_at DESC, rowid DESC LIMIT ?').all(udid, limit) as JobRecord[];
    return rows.map((row) => this.withSteps(row));
  }

  listByBatch(batchId: string): Job[] {
    return (this.sql('SELECT * FROM jobs WHERE batch_id = ? ORDER BY created_at, rowid').all(batchId) as JobRecord[]).map(toJob);
  }

  /**
   * The lean reads below serve questions asked at every step transition of every device (which
   * batch, cancelled yet, how far is the batch): a full job with its journal of steps would cost
   * a read per step and a JSON parse per row each time, quadratic in the batch size.
   */
  batchStateOf(id: string): Pick<Job, 'batchId' | 'state'> | undefined {
    const row = this.sql('SELECT batch_id, state FROM jobs WHERE id = ?').get(id) as Pick<JobRecord, 'batch_id' | 'state'> | undefined;
    return row && { batchId: row.batch_id, state: row.state };
  }

  /** Whose job it is and in which batch: all that queueing a job tells. */
  ownerOf(id: string): Pick<Job, 'udid' | 'batchId'> | undefined {
    const row = this.sql('SELECT udid, batch_id FROM jobs WHERE id = ?').get(id) as Pick<JobRecord, 'udid' | 'batch_id'> | undefined;
    return row && { udid: row.udid, batchId: row.batch_id };
  }

  /** The flow of the batch a job belongs to; null for no flow, no batch, or no such job. */
  batchFlowOf(id: string): string | null {
    const row = this.sql('SELECT b.flow FROM jobs j JOIN batches b ON b.id = j.batch_id WHERE j.id = ?').get(id) as { flow: string | null } | undefined;
    return row?.flow ?? null;
  }

  /**
   * The flow of the batch of a device's latest job (null when that job has no batch or its batch no
   * flow): one row, for callers that ask at every job transition and need nothing else of the job.
   */
  latestBatchFlowOf(udid: string): string | null {
    const row = this.sql('SELECT b.flow FROM jobs j LEFT JOIN batches b ON b.id = j.batch_id WHERE j.udid = ? ORDER BY j.created_at DESC, j.rowid DESC LIMIT 1').get(udid) as
      | { flow: string | null }
      | undefined;
    return row?.flow ?? null;
  }

  /** False for a job that does not exist. */
  isCancelRequested(id: string): boolean {
    const row = this.sql('SELECT cancel_requested FROM jobs WHERE id = ?').get(id) as { cancel_requested: number } | undefined;
    return row?.cancel_requested === 1;
  }

  /** Whether any job of the batch is still queued, running or paused. */
  hasUnfinishedInBatch(batchId: string): boolean {
    return this.sql(`SELECT 1 FROM jobs WHERE batch_id = ? AND ${UNFINISHED} LIMIT 1`).get(batchId) !== undefined;
  }

  /** Each job of a batch as its state and times, in creation order. */
  batchStates(batchId: string): Pick<Job, 'state' | 'startedAt' | 'finishedAt'>[] {
    const rows = this.sql('SELECT state, started_at, finished_at FROM jobs WHERE batch_id = ? ORDER BY created_at, rowid').all(batchId) as Pick<JobRecord, 'state' | 'started_at' | 'finished_at'>[];
    return rows.map((r) => ({ state: r.state, startedAt: r.started_at, finishedAt: r.finished_at }));
  }

  /**
   * Moves a job. Entering a finished state stamps finished_at and records the error (if any) that
   * ended it; the device's last_job_state follows in the same transaction. The move is checked in
   * the UPDATE itself (a job in a state that allows it), so a transition costs one statement.
   */
  setState(id: string, to: JobState, error: { code: string; message: string } | null = null): Job {
    return this.tx(() => {
      const row = this.sql(setStateSql(to)).get({ id, to, now: iso(this.clock()), finished: isFinished(to) ? 1 : 0, code: error?.code ?? null, message: error?.message ?? null }) as JobRecord | undefined;
      if (!row) {
        const job = this.requireJob(id);
        throw transitionError('job', id, job.state, to);
      }
      this.sql('UPDATE devices SET last_job_state = ? WHERE udid = ?').run(to, row.udid);
      return toJob(row);
    });
  }

  /** The runner polls this between steps; cancelling a finished job is a no-op that returns false. */
  requestCancel(id: string): boolean {
    return this.sql(`UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND ${UNFINISHED}`).run(id).changes > 0;
  }

  /** Counts an attempt. A queued or paused job becomes running with it. */
  startStep(jobId: string, ordinal: number): JobStep {
    return this.tx(() => {
      const now = iso(this.clock());
      const row = this.sql(START_STEP_SQL).get({ jobId, ordinal, now }) as StepRecord | undefined;
      if (!row) {
        const owner = this.requireJob(jobId);
        if (isFinished(owner.state)) {
          throw new StoreError('INVALID_TRANSITION', `Cannot start a step of job ${jobId}: it is ${owner.state} (queue it again first)`);
        }
        const step = this.requireStep(jobId, ordinal);
        throw transitionError('step', `${jobId}#${ordinal} (${step.name})`, step.state, 'running');
      }
      // Same as setState(jobId, 'running') for a queued or paused job; a running one stays as it is.
      const started = this.sql(START_JOB_SQL).get({ jobId, now }) as { udid: string } | undefined;
      if (started) this.sql('UPDATE devices SET last_job_state = ? WHERE udid = ?').run('running', started.udid);
      return toStep(row);
    });
  }

  /**
   * `alongside` runs inside the same transaction (e.g. the step's audit entry): a station killed
   * between two separate commits would leave a succeeded step that the audit log never mentions.
   */
  succeedStep(jobId: string, ordinal: number, result: JsonValue | null = null, alongside?: () => void): JobStep {
    return this.finishStep(jobId, ordinal, 'succeeded', { result: result === null ? null : toJson(result), alongside });
  }

  failStep(jobId: string, ordinal: number, failure: StepFailure): JobStep {
    return this.finishStep(jobId, ordinal, 'failed', {
      code: failure.code,
      message: failure.message,
      chain: failure.chain ? toJson(failure.chain) : null,
    });
  }

  /** A step the blueprint or the device makes unnecessary (e.g. erase on a clean device). */
  skipStep(jobId: string, ordinal: number, reason: string | null = null, alongside?: () => void): JobStep {
    return this.finishStep(jobId, ordinal, 'skipped', { result: reason === null ? null : toJson({ skipped: reason }), alongside });
  }

  /** Puts a running or failed step back in line, keeping its attempt count and last error for the journal. */
  resetStep(jobId: string, ordinal: number): JobStep {
    return this.moveStep(jobId, ordinal, 'pending', 'reset', {});
  }

  /**
   * At start-up, before resuming: steps left `running` by a killed station are returned to
   * `pending` with an INTERRUPTED mark, and their jobs to `queued`. Steps are idempotent and check
   * the device first, so re-running the interrupted one is safe. Returns the jobs touched.
   */
  recoverInterrupted(): number {
    return this.tx(() => {
      this.sql(
        `UPDATE job_steps SET state = 'pending', error_code = 'INTERRUPTED',
           error_message = 'The station stopped while this step was running'
         WHERE state = 'running'`,
      ).run();
      return this.sql(`UPDATE jobs SET state = 'queued' WHERE state = 'running'`).run().changes;
    });
  }

  private finishStep(jobId: string, ordinal: number, to: StepState, fields: { result?: string | null; code?: string; message?: string; chain?: string | null; alongside?: (() => void) | undefined }): JobStep {
    return this.tx(() => {
      const step = this.moveStep(jobId, ordinal, to, 'finish', {
        now: iso(this.clock()),
        result: fields.result ?? null,
        code: fields.code ?? null,
        message: fields.message ?? null,
        chain: fields.chain ?? null,
      });
      fields.alongside?.();
      return step;
    });
  }

  /**
   * One statement: the step moves (a finish also stamps its outcome's columns) only from a state
   * that allows `to`; otherwise nothing changes and the error names the state it was in.
   */
  private moveStep(jobId: string, ordinal: number, to: StepState, kind: 'reset' | 'finish', params: Record<string, unknown>): JobStep {
    const row = this.sql(moveStepSql(to, kind)).get({ ...params, jobId, ordinal, to }) as StepRecord | undefined;
    if (row) return toStep(row);
    const before = this.requireStep(jobId, ordinal);
    throw transitionError('step', `${jobId}#${ordinal} (${before.name})`, before.state, to);
  }

  private withSteps(row: JobRecord): JobWithSteps {
    const steps = (this.sql('SELECT * FROM job_steps WHERE job_id = ? ORDER BY ordinal').all(row.id) as StepRecord[]).map(toStep);
    return { ...toJob(row), steps };
  }

  private require(id: string): JobWithSteps {
    const job = this.get(id);
    if (!job) throw new StoreError('NOT_FOUND', `No job ${id}`);
    return job;
  }

  private requireJob(id: string): Job {
    const job = this.getJob(id);
    if (!job) throw new StoreError('NOT_FOUND', `No job ${id}`);
    return job;
  }

  private requireStep(jobId: string, ordinal: number): JobStep {
    const row = this.sql('SELECT * FROM job_steps WHERE job_id = ? AND ordinal = ?').get(jobId, ordinal) as StepRecord | undefined;
    if (!row) throw new StoreError('NOT_FOUND', `No step ${ordinal} in job ${jobId}`);
    return toStep(row);
  }
}

function transitionError(what: string, id: string, from: string, to: string): StoreError {
  return new StoreError('INVALID_TRANSITION', `Cannot move ${what} ${id} from ${from} to ${to}`);
}
