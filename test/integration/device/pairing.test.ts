import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../helpers/cart-daemon.js';
import { startHarness, TRANSPORTS, type Harness } from './setup.js';
import { unpairDevice, validatePairing } from '../../../electron/device/pairing.js';

describe.each(TRANSPORTS)('pairing over %s', (transport) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ transport, devices: 4 });
  }, 120_000);
  afterAll(async () => h?.close());

  it('pairs a device still in Setup Assistant at once, whatever the person would answer', async () => {
    const udid = h.udids[1]!;
    await h.cart.act(udid, 'pending');
    try {
      const result = await h.pair(udid);
      expect(result.pendingAnswers).toBe(0);
      expect((await h.cart.device(udid)).pairedHostIds).toEqual([result.hostId]);
    } finally {
      // The deny test below uses this device: leave it as it found it, whatever happened here.
      await unpairDevice(h.layer.context, udid).catch(() => undefined);
      await h.cart.act(udid, 'trust');
    }
  });

  it('goes pending → tapped → paired with the station identity', async () => {
    const udid = h.udids[0]!;
    // Only a device past Setup Assistant shows the Trust dialog.
    await h.cart.act(udid, 'finish-setup');
    await h.cart.act(udid, 'pending');
    const pending: number[] = [];
    const paired = new Promise<void>((r) => h.layer.watcher.on('paired', (d) => d.udid === udid && r()));
    const result = await h.pair(udid, {
      onPending: (n) => {
        pending.push(n);
        if (n === 1) void h.cart.act(udid, 'trust');
      },
    });
    expect(result.pendingAnswers).toBeGreaterThanOrEqual(1);
    expect(pending[0]).toBe(1);
    await paired;
    const device = await h.cart.device(udid);
    expect(device.pairedHostIds).toContain(result.hostId);
    expect(await validatePairing(h.layer.context, udid)).toBe(true);
    expect(await h.layer.ensurePaired(udid)).toEqual({ status: 'already-paired' });
  });

  it('reports a denied Trust dialog as USER_DENIED', async () => {
    const udid = h.udids[1]!;
    await h.cart.act(udid, 'finish-setup');
    await h.cart.act(udid, 'deny');
    await expect(h.pair(udid)).rejects.toMatchObject({ code: 'USER_DENIED', udid });
    expect((await h.cart.device(udid)).pairedHostIds).toEqual([]);
    await h.cart.act(udid, 'trust');
  });

  it('reports a locked device as PASSCODE_LOCKED', async () => {
    const udid = h.udids[2]!;
    await h.cart.act(udid, 'lock');
    await expect(h.pair(udid)).rejects.toMatchObject({ code: 'PASSCODE_LOCKED' });
    await h.cart.act(udid, 'unlock');
  });

  it('gives up waiting for Trust with TRUST_PENDING', async () => {
    const udid = h.udids[2]!;
    await h.cart.act(udid, 'finish-setup');
    await h.cart.act(udid, 'pending');
    await expect(h.pair(udid, { trustTimeoutMs: 1500, pollMs: 500 })).rejects.toMatchObject({ code: 'TRUST_PENDING' });
    await h.cart.act(udid, 'trust');
  });

  it('re-pairs a device that was erased on the cart (stale pair record)', async () => {
    const udid = h.udids[3]!;
    const first = await h.layer.ensurePaired(udid);
    expect(first.status).toBe('paired');
    await h.cart.act(udid, 'erase');
    await eventually(async () => {
      const d = await h.cart.device(udid);
      return d.connected && d.pairedHostIds.length === 0 && h.layer.watcher.isAttached(udid);
    }, 45_000);
    expect(await validatePairing(h.layer.context, udid)).toBe(false);
    const again = await h.layer.ensurePaired(udid);
    expect(again.status).toBe('re-paired');
    expect((await h.cart.device(udid)).pairedHostIds).toHaveLength(1);
    expect(await validatePairing(h.layer.context, udid)).toBe(true);
  });

  it('unpairs on the device and in usbmuxd', async () => {
    const udid = h.udids[0]!;
    await unpairDevice(h.layer.context, udid);
    expect((await h.cart.device(udid)).pairedHostIds).toEqual([]);
    expect(await h.layer.context.transport.readPairRecord(udid)).toBeNull();
  });
});
