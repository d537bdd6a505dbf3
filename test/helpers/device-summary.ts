import type { DeviceSummary } from '../../electron/api/index.js';

/** An idle, paired, connected iPad tile as the station sends it; tests override what they exercise. */
export function deviceSummary(udid: string, over: Partial<DeviceSummary> = {}): DeviceSummary {
  return {
    udid,
    serial: null,
    imei: null,
    name: `iPad ${udid}`,
    productType: 'iPad13,18',
    model: 'iPad (10th generation)',
    productVersion: '18.1',
    slot: 1,
    portId: null,
    battery: 80,
    charging: true,
    paired: true,
    supervised: false,
    organizationName: null,
    enrollmentType: 'device',
    connected: true,
    state: 'idle',
    stateDetail: null,
    progress: null,
    step: null,
    code: null,
    error: null,
    holder: null,
    ...over,
  };
}
