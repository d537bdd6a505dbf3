/**
 * The erase path inside a job. A step may find that the device needs steps that came before it
 * run again: supervise meets 14002 ("already set up") on a device the blueprint may erase, or,
 * after a detach or a station restart, meets a device that was erased and is not yet paired
 * again. It throws RedoFrom; the executor then runs the job's steps from `from` up to this one
 * again, inline (the first one forced when `force`, the rest checking the device as usual), and
 * retries this step once. Journal entries of earlier steps stay as they were (a finished step is
 * never reopened); the audit log records each step run again.
 */
import type { ErrorCode } from '../../api/errors.js';
import type { StepType } from '../blueprint.js';
import { StagingError } from '../device-port.js';

export class RedoFrom extends StagingError {
  constructor(
    readonly from: StepType,
    /** Run `from` without asking its isDone (the device's own refusal is the evidence). */
    readonly force: boolean,
    code: ErrorCode,
    message: string,
    remedy?: string,
  ) {
    super(code, message, remedy);
    this.name = 'RedoFrom';
  }
}

/** Runs `run`; on RedoFrom, runs the earlier steps again (`redo`) and `run` once more. */
export async function runAllowingRedo<R>(run: () => Promise<R>, redo: (request: RedoFrom) => Promise<boolean>): Promise<R> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof RedoFrom) || !(await redo(e))) throw e;
    return run();
  }
}

export function errorCodeOf(e: unknown): unknown {
  return typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
}
