import type { DeviceSummary, HostedHandlers, StationEvent } from '../../../electron/api/index.js';
import { deviceSummary } from '../../helpers/device-summary.js';

/** The shared tile fixture (test/helpers/device-summary.ts) with this file's serial and port. */
export function device(over: Partial<DeviceSummary> = {}): DeviceSummary {
  return deviceSummary('00008101-000A1B2C3D4E5F60', { serial: 'F2LX1234ABCD', name: 'iPad 01', productVersion: '17.5.1', portId: 'loc:0x01100000', ...over });
}

/** A few handlers at the hosts' seam; the rest are absent (the hosts answer NOT_SUPPORTED). */
export function fakeStation() {
  const listeners = new Set<(e: StationEvent) => void>();
  const calls: { name: string; input: unknown }[] = [];
  const handlers = {
    'devices.list': async () => [device()],
    'devices.rename': async (input: { udid: string; name: string }) => {
      calls.push({ name: 'devices.rename', input });
      return { name: input.name };
    },
    'devices.restart': async () => {
      throw Object.assign(new Error('The device is showing “Trust This Computer?”.'), { code: 'TRUST_PENDING' });
    },
    'devices.erase': async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'x') at /home/station/electron/x.ts:12");
    },
  } as unknown as HostedHandlers;
  return {
    handlers,
    calls,
    subscribe: (l: (e: StationEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (e: StationEvent) => {
      for (const l of listeners) l(e);
    },
    listenerCount: () => listeners.size,
  };
}
