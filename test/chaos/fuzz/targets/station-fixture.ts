import { join } from 'node:path';
import type { HostedHandlers } from '../../../../electron/api/index.js';
import type { DeviceTransport } from '../../../../electron/device/transport-types.js';
import { emptyTransport as emptyCart } from '../../../helpers/empty-transport.js';
import { Station } from '../../../../electron/station/station.js';

/**
 * A real Station (store, registry, runner, handlers) in a temp directory, over a transport with
 * no devices: API and IPC fuzz cases reach the real handlers, and device calls fail the way an
 * empty usbmuxd makes them fail. The handlers are wrapped to remember the last thrown error, so a
 * host's INTERNAL answer can be traced to what the handler actually threw.
 */
export interface StationFixture {
  station: Station;
  handlers: HostedHandlers;
  lastError: () => unknown;
  resetError: () => void;
}

export const emptyTransport = (): DeviceTransport => emptyCart('CHAOS-BUID');

export async function openStationFixture(tmp: string): Promise<StationFixture> {
  const station = await Station.open({ dataDir: join(tmp, 'station'), transport: emptyTransport(), trustTimeoutMs: 1_000 });
  let last: unknown;
  const raw = station.handlers as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  const wrapped: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [name, fn] of Object.entries(raw)) {
    if (typeof fn !== 'function') continue;
    wrapped[name] = async (input: unknown) => {
      try {
        return await fn.call(raw, input);
      } catch (e) {
        last = e;
        throw e;
      }
    };
  }
  return {
    station,
    handlers: wrapped as unknown as HostedHandlers,
    lastError: () => last,
    resetError: () => (last = undefined),
  };
}
