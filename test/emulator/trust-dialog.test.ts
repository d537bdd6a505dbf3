import { afterEach, describe, expect, it } from 'vitest';
import type { VirtualCart } from './index.js';
import type { PlistDict } from './plist-codec.js';
import { INSECURE_NOTIFICATION_PROXY } from './services/registry.js';
import { muxConnect, PlistChannel } from './test-client.js';
import { poll, testCart, tool } from './test-helpers.js';

const LOCKDOWN = 62078;
const REQUEST_PAIR = 'com.apple.mobile.lockdown.request_pair';

/** A host the device does not trust: lockdown without a session, as usbmuxd's preflight talks to it. */
async function untrustedLockdown(cart: VirtualCart, udid: string): Promise<PlistChannel> {
  return new PlistChannel(await muxConnect(cart.usbmuxAddress, cart.device(udid).deviceId, LOCKDOWN));
}

/**
 * Observes `name` on insecure_notification_proxy (no session, as usbmuxd src/preflight.c does) and
 * resolves with the first frame the device relays. The observation is in place when this returns.
 */
async function observeInsecurely(cart: VirtualCart, udid: string, name: string): Promise<{ relayed: Promise<PlistDict>; close(): void }> {
  const started = await (await untrustedLockdown(cart, udid)).request({ Request: 'StartService', Service: INSECURE_NOTIFICATION_PROXY });
  expect(started).toMatchObject({ Service: INSECURE_NOTIFICATION_PROXY, EnableServiceSSL: false });
  const socket = await muxConnect(cart.usbmuxAddress, cart.device(udid).deviceId, started.Port as number);
  const before = cart.device(udid).counters.ObserveNotification ?? 0;
  // ObserveNotification has no reply: the next frame is the relayed notification itself.
  const relayed = new PlistChannel(socket).request({ Command: 'ObserveNotification', Name: name }, 30_000);
  await poll(() => (cart.device(udid).counters.ObserveNotification ?? 0) > before);
  return { relayed, close: () => socket.destroy() };
}

describe('Trust dialog and lockdown.request_pair', () => {
  let cart: VirtualCart | undefined;
  afterEach(async () => {
    await cart?.stop();
    cart = undefined;
  });

  it('insecure_notification_proxy starts without a session; notification_proxy needs one', async () => {
    cart = await testCart({ devices: 1 });
    const { udid } = cart.devices()[0]!;
    const lockdown = await untrustedLockdown(cart, udid);
    expect(await lockdown.request({ Request: 'StartService', Service: 'com.apple.mobile.notification_proxy' })).toMatchObject({ Error: 'InvalidService' });
    const started = await lockdown.request({ Request: 'StartService', Service: INSECURE_NOTIFICATION_PROXY });
    expect(started).toMatchObject({ Request: 'StartService', Service: INSECURE_NOTIFICATION_PROXY });
    expect(started.Port).toEqual(expect.any(Number));
  });

  it('a device past Setup Assistant shows the dialog; the realistic tap posts request_pair, and Pair succeeds from then on', async () => {
    cart = await testCart({ devices: 1, latency: 'realistic', timeScale: 0.05 });
    const { udid } = cart.devices()[0]!;
    cart.finishSetup(udid);
    const observer = await observeInsecurely(cart, udid, REQUEST_PAIR);
    try {
      const first = await tool(cart, 'idevicepair', ['-u', udid, 'pair']);
      expect(first.code).toBe(1);
      expect(first.stdout + first.stderr).toContain('Please accept the trust dialog');
      expect(cart.device(udid)).toMatchObject({ trust: 'accept', pairedHostIds: [] });
      // The tap is one event: the notification arrives, and at that moment the dialog is answered.
      expect(await observer.relayed).toEqual({ Command: 'RelayNotification', Name: REQUEST_PAIR });
      expect(cart.device(udid).trustDialogOpen).toBe(false);
      const second = await tool(cart, 'idevicepair', ['-u', udid, 'pair']);
      expect(second.code).toBe(0);
      expect(cart.device(udid).pairedHostIds).toHaveLength(1);
    } finally {
      observer.close();
    }
  });

  it('the control API tap (trust) answers the open dialog and posts request_pair to insecure observers', async () => {
    cart = await testCart({ devices: 1, trust: 'pending' });
    const { udid } = cart.devices()[0]!;
    expect(cart.device(udid)).toMatchObject({ setupCompleted: true, activationState: 'Activated', trust: 'pending' });
    const observer = await observeInsecurely(cart, udid, REQUEST_PAIR);
    try {
      expect((await tool(cart, 'idevicepair', ['-u', udid, 'pair'])).code).toBe(1);
      expect(cart.device(udid).trustDialogOpen).toBe(true);
      cart.trust(udid);
      expect(await observer.relayed).toEqual({ Command: 'RelayNotification', Name: REQUEST_PAIR });
      expect((await tool(cart, 'idevicepair', ['-u', udid, 'pair'])).code).toBe(0);
    } finally {
      observer.close();
    }
  });

  it('pending and deny wait for the end of Setup Assistant: until then the device pairs without asking', async () => {
    cart = await testCart({ devices: 2 });
    const [a, b] = cart.devices().map((d) => d.udid) as [string, string];
    cart.deny(a);
    cart.pending(b);
    expect(cart.device(a)).toMatchObject({ setupCompleted: false, trust: 'accept', trustDialog: 'deny' });
    expect((await tool(cart, 'idevicepair', ['-u', a, 'pair'])).code).toBe(0);
    cart.finishSetup(b);
    const pending = await tool(cart, 'idevicepair', ['-u', b, 'pair']);
    expect(pending.stdout + pending.stderr).toContain('Please accept the trust dialog');
  });
});
