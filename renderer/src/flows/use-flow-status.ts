import type { ApiError, FlowDeviceStatus } from '../../../electron/api/index.js';
import { useStationRead } from '../common/use-station-read';
import { useStation } from '../store/station-store';

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
  const key = useStation(flowRelevantKey);
  const { value, error, reload } = useStationRead((t) => t.call('flows.status', {}), [key]);
  return { statuses: value ?? [], error, reload };
}
