import { useEffect } from 'react';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { BatchProgressCard } from '../staging/BatchProgressCard';

/** The batch a flow just started, live from the station's batch events. */
export function StartedBatch({ batchId }: { batchId: string }) {
  const transport = useTransport();
  const apply = useStation((s) => s.apply);
  const batch = useStation((s) => s.batches[batchId]);
  // Show it at once; its events keep it current from there.
  useEffect(() => {
    void transport
      .call('staging.batch', { batchId })
      .then((progress) => apply({ type: 'batch', progress }))
      .catch(() => undefined);
  }, [transport, apply, batchId]);
  return batch ? <BatchProgressCard batch={batch} /> : null;
}
