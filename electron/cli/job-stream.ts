import type { JobProgress, StationEvent } from '../api/index.js';
import type { StagingSource } from './batch-wait.js';

/** Writes one line of NDJSON; stdout on a pipe or file is written synchronously on POSIX, so each line leaves as it happens. */
export type LineWriter = (record: Record<string, unknown>) => void;

export const ndjsonWriter = (out: NodeJS.WritableStream = process.stdout): LineWriter => (record) => {
  out.write(`${JSON.stringify(record)}\n`);
};

/**
 * `prepare --json`: one JSON object per line for every move of the batch's jobs (a step started or
 * finished, a job paused or finished) and for the batch's progress, as the station reports them;
 * the caller writes the batch summary last. Each record says what it is in `type`.
 *
 * It listens before the batch is started (a job's first step may start before `staging.start`
 * has answered) and holds what it hears until `follow` says which batch is this command's.
 */
export function jobStream(station: Pick<StagingSource, 'subscribe'>, write: LineWriter): { follow(batchId: string, jobIds: readonly string[]): void; stop(): void } {
  let held: StationEvent[] | null = [];
  let batch: string | null = null;
  const mine = new Set<string>();
  const emit = (e: StationEvent): void => {
    if (e.type === 'job' && mine.has(e.job.jobId)) write(jobRecord(e.job));
    else if (e.type === 'batch' && e.progress.batchId === batch) write({ type: 'batch-progress', ...e.progress });
  };
  const stop = station.subscribe((e) => {
    if (e.type !== 'job' && e.type !== 'batch') return;
    if (held) held.push(e);
    else emit(e);
  });
  return {
    follow(batchId, jobIds) {
      batch = batchId;
      for (const id of jobIds) mine.add(id);
      const pending = held ?? [];
      held = null;
      pending.forEach(emit);
    },
    stop,
  };
}

function jobRecord(job: JobProgress): Record<string, unknown> {
  const { kind, ...rest } = job;
  return { type: kind, ...rest };
}
