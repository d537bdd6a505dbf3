import { JOB_TRANSITIONS, STEP_TRANSITIONS, UNFINISHED_JOB_STATES, type JobState, type StepState } from './job-types.js';

/**
 * The journal's transitions as single statements: each UPDATE moves a row only from a state that
 * JOB_TRANSITIONS / STEP_TRANSITIONS allow for the target (so the check and the write are one
 * statement) and RETURNING gives the row as it now is (no read after the write).
 */

const jobStatesAllowing = (to: JobState): JobState[] => (Object.keys(JOB_TRANSITIONS) as JobState[]).filter((from) => JOB_TRANSITIONS[from].includes(to));
const stepStatesAllowing = (to: StepState): StepState[] => (Object.keys(STEP_TRANSITIONS) as StepState[]).filter((from) => STEP_TRANSITIONS[from].includes(to));

/** States as an SQL list; they are the fixed literals of job-types.ts, never input. */
const sqlList = (states: readonly string[]): string => (states.length ? states.map((s) => `'${s}'`).join(', ') : 'NULL');

/** Built once per argument: the texts are the statement cache's keys at every transition. */
function once<K extends string, V>(build: (key: K) => V): (key: K) => V {
  const built = new Map<K, V>();
  return (key) => {
    let value = built.get(key);
    if (value === undefined) built.set(key, (value = build(key)));
    return value;
  };
}

export const setStateSql = once(
  (to: JobState) => `UPDATE jobs SET state = @to,
     started_at = CASE WHEN @to = 'running' THEN COALESCE(started_at, @now) ELSE started_at END,
     finished_at = CASE WHEN @finished THEN @now ELSE NULL END,
     error_code = @code, error_message = @message
   WHERE id = @id AND state IN (${sqlList(jobStatesAllowing(to))}) RETURNING *`,
);

export const START_STEP_SQL = `UPDATE job_steps SET state = 'running', attempts = attempts + 1, started_at = @now, finished_at = NULL, duration_ms = NULL,
     error_code = NULL, error_message = NULL, error_chain = NULL, result = NULL
   WHERE job_id = @jobId AND ordinal = @ordinal AND state IN (${sqlList(stepStatesAllowing('running'))})
     AND EXISTS (SELECT 1 FROM jobs WHERE id = @jobId AND state IN (${sqlList(UNFINISHED_JOB_STATES)}))
   RETURNING *`;

/** A queued or paused job becomes running with its step's first attempt (setState's columns). */
export const START_JOB_SQL = `UPDATE jobs SET state = 'running', started_at = COALESCE(started_at, @now), finished_at = NULL, error_code = NULL, error_message = NULL
   WHERE id = @jobId AND state IN ('queued', 'paused') RETURNING udid`;

// duration_ms from the stored start, in whole milliseconds (as Date.parse would give).
const FINISH_COLUMNS = `, finished_at = @now,
     duration_ms = CASE WHEN started_at IS NULL THEN NULL ELSE CAST(ROUND((unixepoch(@now, 'subsec') - unixepoch(started_at, 'subsec')) * 1000) AS INTEGER) END,
     result = @result, error_code = @code, error_message = @message, error_chain = @chain`;

const moveSqlByKind = { reset: once((to: StepState) => moveSql(to, '')), finish: once((to: StepState) => moveSql(to, FINISH_COLUMNS)) };
export const moveStepSql = (to: StepState, kind: 'reset' | 'finish'): string => moveSqlByKind[kind](to);
function moveSql(to: StepState, columns: string): string {
  return `UPDATE job_steps SET state = @to${columns} WHERE job_id = @jobId AND ordinal = @ordinal AND state IN (${sqlList(stepStatesAllowing(to))}) RETURNING *`;
}
