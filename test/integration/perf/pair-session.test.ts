/**
 * Pairing costs one lockdown connection: the Pair goes out on the plain connection, and the
 * session starts on that same connection (lockdown.ts keepAsSession, device-connections.ts),
 * as libimobiledevice's lockdownd_client_new_with_handshake and pymobiledevice3's
 * _handle_autopair do. Counted by the cart (GET /counters), with the behaviours the reuse must
 * keep: a session from before a new pairing is closed, not reused; an unplug is DEVICE_GONE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceProtocolCounts } from '../../emulator/protocol-counters.js';
import { eventually } from '../../helpers/cart-daemon.js';
import { loadAddon, nativeTransport } from '../../../electron/device/transport.js';
import { startHarness, type Harness } from '../device/setup.js';

describe('a pairing leaves its own connection as the device session', () => {
  let h: Harness;
  let udid: string;
  const counts = async (): Promise<DeviceProtocolCounts> => (await h.cart.counters()).devices[udid]!;

  beforeAll(async () => {
    h = await startHarness({ transport: 'tcp', devices: 1 });
    udid = h.udids[0]!;
  }, 120_000);
  afterAll(async () => h?.close());

  it('pairs and then works in session on one usbmuxd connection', async () => {
    await h.cart.resetCounters();
    expect((await h.layer.ensurePaired(udid)).status).toBe('paired');
    const snapshot = await h.layer.snapshot(udid);
    expect(snapshot.udid).toBe(udid);
    const c = await counts();
    expect(c.tunnels.lockdown, JSON.stringify(c)).toBe(1);
    expect(c.lockdownSessions).toBe(1);
    expect(c.tlsHandshakes).toBe(1);
    // No second handshake's QueryType (the session started on the connection that paired).
    expect(c.lockdownRequests.QueryType ?? 0).toBe(0);
  });

  it('closes a session kept from before a new pairing and keeps the new pairing\'s', async () => {
    await h.cart.resetCounters();
    await h.pair(udid);
    await h.layer.snapshot(udid);
    const c = await counts();
    // The old session said StopSession; the new pairing's connection is the only new tunnel and serves the snapshot.
    expect(c.lockdownRequests.StopSession ?? 0, JSON.stringify(c)).toBe(1);
    expect(c.tunnels.lockdown).toBe(1);
    expect(c.lockdownSessions).toBe(1);
  });

  it('tells work on the kept session DEVICE_GONE once the device is unplugged', async () => {
    await h.cart.act(udid, 'unplug');
    await eventually(async () => !h.layer.watcher.isAttached(udid), 15_000);
    await expect(h.layer.snapshot(udid)).rejects.toMatchObject({ code: 'DEVICE_GONE', udid });
    await h.cart.act(udid, 'plug');
    await eventually(async () => h.layer.watcher.isAttached(udid), 15_000);
  });
});

describe('a pairing where the addon cannot start a session on a plain connection', () => {
  // An addon built against a libimobiledevice whose private layout it does not know (binding.gyp):
  // the real addon with that one capability off, so the transport offers no startSession.
  let h: Harness;
  let udid: string;

  beforeAll(async () => {
    h = await startHarness({ transport: 'tcp', devices: 1 }, () => nativeTransport({ ...loadAddon(), canStartSessionOnPlainConnection: false }));
    udid = h.udids[0]!;
  }, 120_000);
  afterAll(async () => h?.close());

  it('is built in here (libimobiledevice 1.3), so the case above is the one that ships', () => {
    expect(loadAddon().canStartSessionOnPlainConnection).toBe(true);
  });

  it('pairs and works in session on a second connection, with no failed call on the first', async () => {
    await h.cart.resetCounters();
    expect((await h.layer.ensurePaired(udid)).status).toBe('paired');
    expect((await h.layer.snapshot(udid)).udid).toBe(udid);
    const c = (await h.cart.counters()).devices[udid]!;
    expect(c.tunnels.lockdown, JSON.stringify(c)).toBe(2);
    expect(c.lockdownSessions).toBe(1);
    expect(c.tlsHandshakes).toBe(1);
    // The first connection never asked for a session: the only StartSession is the second one's.
    expect(c.lockdownRequests.StartSession).toBe(1);
  });
});
