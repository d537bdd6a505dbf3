import { useEffect, useState } from 'react';
import type { BatchProgress, SettledJob } from '../../../electron/api/index.js';
import { useTransport } from '../store/client';

/**
 * The batch's jobs (staging.jobs), fetched again whenever its counts move and only while they
 * are worth showing (a device failed or waits for a person, or the batch is done); not at every step.
 */
export function useBatchJobs(batch: BatchProgress, wanted: boolean): SettledJob[] | null {
  const transport = useTransport();
  const [jobs, setJobs] = useState<SettledJob[] | null>(null);
  const counts = `${batch.succeeded}/${batch.failed}/${batch.cancelled}/${batch.paused}/${batch.queued}/${batch.running}`;
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    transport
      .call('staging.jobs', { batchId: batch.batchId })
      .then((r) => live && setJobs(r.jobs))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [transport, batch.batchId, counts, wanted]);
  return wanted ? jobs : null;
}
