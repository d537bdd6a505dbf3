/**
 * The addon keeps one idevice_t per attached UDID (native/src/device_cache.h), so a connection
 * costs no usbmuxd ListDevices. A kept DeviceID must never reach another device: usbmuxd numbers
 * devices from 1 again after a restart, so here a different cart takes over the same usbmuxd
 * address with new devices on the very DeviceIDs the first cart's devices had. A connection to an
 * old UDID must fail as gone, and each new UDID must reach its own device.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../../electron/device/transport-types.js';
import { eventually, spawnCartDaemon } from '../../helpers/cart-daemon.js';
import { startHarness, type Harness } from './setup.js';

const LABEL = 'cartwright-test';

describe('the addon\'s kept idevice_t across a usbmuxd that restarts with other devices', () => {
  let h: Harness;
  let other: ChildProcess | null = null;
  beforeAll(async () => {
    h = await startHarness({ transport: 'tcp', devices: 3 });
  }, 120_000);
  afterAll(async () => {
    other?.kill('SIGKILL');
    await h?.close();
  });

  async function udidOf(udid: string): Promise<unknown> {
    const ld = await h.layer.context.transport.lockdown(udid, { handshake: false, label: LABEL });
    try {
      return await ld.getValue(null, 'UniqueDeviceID');
    } finally {
      await ld.close();
    }
  }

  it('never connects a gone UDID to the device that now has its DeviceID', async () => {
    const first = [...h.udids];
    // Keeps each device's idevice_t (DeviceIDs 1..3 on the first cart).
    for (const u of first) expect(await udidOf(u)).toBe(u);
    const handles = new Map(h.layer.watcher.list().map((d) => [d.udid, d.handle]));
    await h.cart.stop();
    const next = await spawnCartDaemon({ devices: 3, seed: `device-cache-other-${Date.now()}`, listen: h.cart.usbmuxd });
    other = next.child;
    await eventually(() => {
      const now = h.layer.watcher.list();
      return now.length === 3 && now.every((d) => !first.includes(d.udid) && !d.suspect);
    }, 45_000);
    const now = h.layer.watcher.list();
    // The hazard is real: the new devices hold the old devices' DeviceIDs.
    expect(new Set(now.map((d) => d.handle))).toEqual(new Set(handles.values()));
    for (const u of first) {
      const err = await udidOf(u).then(() => null, (e: unknown) => e);
      expect(err, `${u} still answered`).toBeInstanceOf(TransportError);
      expect((err as TransportError).codeName).toBe('NO_DEVICE');
    }
    for (const d of now) expect(await udidOf(d.udid)).toBe(d.udid);
  }, 120_000);
});
