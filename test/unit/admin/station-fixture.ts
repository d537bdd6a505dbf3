import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceTransport } from '../../../electron/device/transport-types.js';
import { emptyTransport as emptyCart } from '../../helpers/empty-transport.js';
import { Station, type StationOptions } from '../../../electron/station/station.js';
import type { SecretSealer } from '../../../electron/store/secret-box.js';

/** A usbmuxd with no devices: the admin commands never touch one. */
export const emptyTransport = (): DeviceTransport => emptyCart('ADMIN-TEST-BUID');

/** An OS keychain stand-in that records what it sealed. */
export function fakeSealer(): SecretSealer & { sealed: number } {
  const s = {
    sealed: 0,
    isAvailable: () => true,
    encrypt: (plain: Buffer) => {
      s.sealed++;
      return Buffer.concat([Buffer.from('kc:'), Buffer.from(plain).reverse()]);
    },
    decrypt: (sealed: Buffer) => Buffer.from(sealed.subarray(3)).reverse(),
  };
  return s;
}

export async function openTestStation(options: Omit<StationOptions, 'transport' | 'dataDir'> = {}): Promise<{ station: Station; dir: string; dispose: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'cw-admin-'));
  const station = await Station.open({ dataDir: join(dir, 'data'), transport: emptyTransport(), trustTimeoutMs: 1_000, source: 'api', ...options });
  return {
    station,
    dir,
    dispose: async () => {
      await station.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
