import { useCallback, useEffect, useState } from 'react';
import type { ApiError, FlowDeviceStatus } from '../../../electron/api/index.js';
import { useTransport } from '../store/client';
import { useStation } from '../store/station-store';
import { asApiError } from '../transport/transport';

/**
 * Changes that move a device's flow state: a batch settling, a device leaving or joining the cart,
 * a holder changing (hand-off, check-out). A string, so unrelated store updates do not re-run it.
 */
export function flowRelevantKey(s: ReturnType<typeof useStation.getState>): string {
  const batches = Object.values(s.batches).map((b) => `${b.batchId}:${b.succeeded}:${b.failed}:${b.cancelled}`);
  const devices = Object.values(s.devices).map((d) => `${d.udid}:${d.connected ? 1 : 0}:${d.holder ?? ''}:${d.state}`);
  return `${batches.join(',')}|${devices.join(',')}`;
}

/** flows.status for every device, reloaded when the cart or a batch changes (and on demand). */
export function useFlowStatus(): { statuses: FlowDeviceStatus[]; error: ApiError | null; reload: () => void } {
  const transport = useTransport();
  const key = useStation(flowRelevantKey);
  const [statuses, setStatuses] = useState<FlowDeviceStatus[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    transport
      .call('flows.status', {})
      .then((list) => {
        if (!live) return;
        setStatuses(list);
        setError(null);
      })
      .catch((err: unknown) => live && setError(asApiError(err)));
    return () => {
      live = false;
    };
  }, [transport, key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { statuses, error, reload };
}
