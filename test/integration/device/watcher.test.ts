import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAttached } from '../../../electron/device/usbmuxd-client.js';
import { usbmuxdAddress } from '../../../electron/device/usbmuxd-address.js';
import { eventually } from '../../helpers/cart-daemon.js';
import { startHarness, TRANSPORTS, type Harness } from './setup.js';

describe.each(TRANSPORTS)('watcher over %s', (transport) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ transport, devices: 32 });
  }, 120_000);
  afterAll(async () => h?.close());

  it('lists 32 devices with a port identity from usbmuxd’s Attached properties', async () => {
    const cartDevices = await h.cart.devices();
    expect(h.layer.watcher.list()).toHaveLength(32);
    expect(new Set(h.udids)).toEqual(new Set(cartDevices.map((d) => d.udid)));
    const listed = await h.layer.context.transport.listDevices();
    expect(listed).toHaveLength(32);
    for (const d of h.layer.watcher.list()) {
      const c = cartDevices.find((x) => x.udid === d.udid)!;
      expect(d.port.locationId).toBe(c.locationId);
      expect(d.port.connectionSpeed).toBe(c.connectionSpeed);
      expect(d.port.key).toMatch(/^loc:0x/);
    }
    expect(new Set(h.layer.watcher.list().map((d) => d.port.key)).size).toBe(32);
    const attached = await listAttached(usbmuxdAddress());
    expect(attached).toHaveLength(32);
  });

  it('reports unplug and plug from the control API, with the same port identity after replug', async () => {
    const udid = h.udids[5]!;
    const before = h.layer.watcher.get(udid)!;
    const events: string[] = [];
    const onAttach = (d: { udid: string }) => d.udid === udid && events.push('attach');
    const onDetach = (d: { udid: string }) => d.udid === udid && events.push('detach');
    h.layer.watcher.on('attach', onAttach);
    h.layer.watcher.on('detach', onDetach);
    await h.cart.act(udid, 'unplug');
    await eventually(() => !h.layer.watcher.isAttached(udid));
    expect((await h.cart.device(udid)).connected).toBe(false);
    await h.cart.act(udid, 'plug');
    await eventually(() => h.layer.watcher.get(udid));
    const after = h.layer.watcher.get(udid)!;
    expect(events).toEqual(['detach', 'attach']);
    expect(after.handle).not.toBe(before.handle);
    expect(after.port.key).toBe(before.port.key);
    expect(h.layer.watcher.list()).toHaveLength(32);
    h.layer.watcher.off('attach', onAttach);
    h.layer.watcher.off('detach', onDetach);
  });

  it('survives a virtual-cart restart without attach/detach churn', async () => {
    const churn: string[] = [];
    const status: string[] = [];
    const onAttach = (d: { udid: string }) => churn.push(`+${d.udid}`);
    const onDetach = (d: { udid: string }) => churn.push(`-${d.udid}`);
    h.layer.watcher.on('attach', onAttach);
    h.layer.watcher.on('detach', onDetach);
    h.layer.watcher.on('usbmuxd', (s) => status.push(s));
    await h.cart.stop();
    await eventually(() => status.includes('down') || h.layer.watcher.list().some((d) => d.suspect), 20_000);
    await h.cart.start();
    // libusbmuxd polls once a second (inotify is off for UNIX: paths), then replays Attached.
    await eventually(async () => (await h.layer.context.transport.listDevices()).length === 32, 45_000);
    await eventually(() => h.layer.watcher.list().length === 32 && h.layer.watcher.list().every((d) => !d.suspect), 45_000);
    // Still usable: a device answers through the new daemon.
    const d = h.layer.watcher.list()[0]!;
    // Out of the box at Hello (the cart's default population): it answers, and says so.
    expect(await h.layer.activationState(d.udid)).toBe('Unactivated');
    expect(churn).toEqual([]);
    expect(h.layer.watcher.list()).toHaveLength(32);
    h.layer.watcher.off('attach', onAttach);
    h.layer.watcher.off('detach', onDetach);
  }, 120_000);
});
