import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Station } from '../../electron/station/station.js';
import { CartDaemon, type CartDevice } from '../helpers/cart-daemon.js';

/**
 * Station.ready() (electron/station/device-service.ts) is event-driven: it looks again when a
 * device is attached, read or leaves, instead of polling every 50 ms. Every one-shot CLI command
 * waits on it before answering, so it must still wait for every device usbmuxd lists, on a cart
 * whose reads take realistic time. Its own timeout is far beyond the test's: a read that never
 * woke it would fail the test by timing out, not pass it late.
 */
describe('Station.ready() on a virtual cart with realistic latency', () => {
  const cart = new CartDaemon({ transport: 'tcp', devices: 4, seed: `station-ready-${Date.now()}`, latency: 'realistic', activated: true });
  let dir: string;
  let cartDevices: CartDevice[] = [];

  beforeAll(async () => {
    await cart.start();
    process.env.USBMUXD_SOCKET_ADDRESS = cart.usbmuxd;
    dir = mkdtempSync(join(tmpdir(), 'cw-station-ready-'));
    cartDevices = await cart.devices();
  }, 120_000);
  afterAll(async () => {
    await cart.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolves only once every listed device has been read, on the read that completes the set', async () => {
    const station = await Station.open({ dataDir: join(dir, 'first'), source: 'api' });
    try {
      await station.ready(300_000);
      // No waiting here: ready() itself promised this.
      const listed = await station.handlers['devices.list']({});
      expect(listed.filter((d) => d.connected).map((d) => d.udid).sort()).toEqual(cartDevices.map((d) => d.udid).sort());
      for (const d of listed) {
        expect(d.state).not.toBe('connecting');
        // Unpaired: what lockdown tells without a session (device-info.ts), read from the device.
        expect(d.productType).toBe(cartDevices.find((c) => c.udid === d.udid)?.productType);
      }
    } finally {
      await station.close();
    }
  }, 60_000);

  it('resolves at once when nothing is listed, and again at once when everything is already read', async () => {
    for (const d of cartDevices) await cart.act(d.udid, 'unplug');
    const empty = await Station.open({ dataDir: join(dir, 'empty'), source: 'api' });
    try {
      await empty.ready(300_000);
      expect((await empty.handlers['devices.list']({})).filter((d) => d.connected)).toEqual([]);
    } finally {
      await empty.close();
    }
    for (const d of cartDevices) await cart.act(d.udid, 'plug');
    const station = await Station.open({ dataDir: join(dir, 'again'), source: 'api' });
    try {
      await station.ready(300_000);
      await station.ready(300_000);
      expect((await station.handlers['devices.list']({})).filter((d) => d.connected && d.state !== 'connecting' && d.productType !== null)).toHaveLength(cartDevices.length);
    } finally {
      await station.close();
    }
  }, 60_000);
});
