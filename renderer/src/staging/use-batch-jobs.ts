import type { ApiError, BatchProgress, SettledJob } from '../../../electron/api/index.js';
import { useStationRead } from '../common/use-station-read';

/**
 * The batch's jobs (staging.jobs), fetched again whenever its counts move and only while they
 * are worth showing (a device failed or waits for a person, or the batch is done); not at every step.
 */
export function useBatchJobs(batch: BatchProgress, wanted: boolean): { jobs: SettledJob[] | null; error: ApiError | null } {
  const counts = `${batch.succeeded}/${batch.failed}/${batch.cancelled}/${batch.paused}/${batch.queued}/${batch.running}`;
  const { value, error } = useStationRead((t) => (wanted ? t.call('staging.jobs', { batchId: batch.batchId }).then((r) => r.jobs) : null), [batch.batchId, counts, wanted]);
  return wanted ? { jobs: value, error } : { jobs: null, error: null };
}
