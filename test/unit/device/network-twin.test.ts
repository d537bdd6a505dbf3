import { describe, expect, it } from 'vitest';
import { nativeTransport } from '../../../electron/device/transport.js';
import { DeviceWatcher } from '../../../electron/device/watcher.js';
import type { DeviceTransport, MuxDevice, MuxEvent } from '../../../electron/device/transport-types.js';

/** The seam with events and ListDevices, as usbmuxd on macOS reports a phone on USB and Wi-Fi. */
function fakeTransport() {
  let listener: ((e: MuxEvent) => void) | null = null;
  const state = { listed: [] as MuxDevice[] };
  const t = {
    subscribe: (l: (e: MuxEvent) => void) => (listener = l),
    unsubscribe: async () => void (listener = null),
    listDevices: async () => state.listed,
  } as unknown as DeviceTransport;
  const usb = (udid: string, handle: number): MuxDevice => ({ udid, handle, productId: 0x12a8, connectionType: 'usb' });
  const wifi = (udid: string, handle: number): MuxDevice => ({ udid, handle, productId: 0, connectionType: 'network' });
  const emit = (type: MuxEvent['type'], d: MuxDevice) => listener?.({ ...d, type });
  return { t, state, usb, wifi, emit };
}

describe('DeviceWatcher with Wi-Fi twins', () => {
  it('never attaches a device that is only on Wi-Fi', async () => {
    const f = fakeTransport();
    const w = new DeviceWatcher({ transport: f.t });
    const attached: string[] = [];
    w.on('attach', (d) => attached.push(d.udid));
    w.start();
    f.state.listed = [f.wifi('A', 2), f.usb('B', 3)];
    f.emit('add', f.wifi('A', 2));
    // B's attach comes after A's event was handled: events are processed in order.
    f.emit('add', f.usb('B', 3));
    await w.waitForCount(1, 2000);
    expect(attached).toEqual(['B']);
    expect(w.isAttached('A')).toBe(false);
    expect(w.get('A')).toBeUndefined();
    await w.stop();
  });

  it('keeps the USB DeviceID when the twin of an attached device appears', async () => {
    const f = fakeTransport();
    const w = new DeviceWatcher({ transport: f.t });
    w.start();
    f.state.listed = [f.usb('A', 1)];
    f.emit('add', f.usb('A', 1));
    await w.waitForCount(1, 2000);
    f.state.listed = [f.usb('A', 1), f.wifi('A', 2)];
    f.emit('add', f.wifi('A', 2));
    f.emit('paired', f.usb('A', 1));
    expect(w.get('A')?.handle).toBe(1);
    expect(w.get('A')?.connectionType).toBe('usb');
    await w.stop();
  });

  it('sees a USB unplug as a detach while the same UDID stays listed over Wi-Fi', async () => {
    const f = fakeTransport();
    const w = new DeviceWatcher({ transport: f.t });
    const detached: string[] = [];
    w.on('detach', (d) => detached.push(d.udid));
    w.start();
    f.state.listed = [f.usb('A', 1), f.wifi('A', 2)];
    f.emit('add', f.usb('A', 1));
    f.emit('add', f.wifi('A', 2));
    await w.waitForCount(1, 2000);
    let gone = false;
    w.onceDetached('A', () => (gone = true));
    f.state.listed = [f.wifi('A', 2)];
    f.emit('remove', f.usb('A', 1));
    await w.waitFor(() => detached.length === 1, 2000);
    expect(detached).toEqual(['A']);
    expect(gone).toBe(true);
    expect(w.isAttached('A')).toBe(false);
    await w.stop();
  });

  it('ignores the twin leaving Wi-Fi while the device stays on USB', async () => {
    const f = fakeTransport();
    const w = new DeviceWatcher({ transport: f.t });
    const detached: string[] = [];
    w.on('detach', (d) => detached.push(d.udid));
    w.start();
    f.state.listed = [f.usb('A', 1), f.usb('B', 3)];
    f.emit('add', f.usb('A', 1));
    f.emit('add', f.wifi('A', 2));
    await w.waitForCount(1, 2000);
    f.emit('remove', f.wifi('A', 2));
    expect(w.get('A')?.suspect).toBe(false);
    // A later real unplug of B is the barrier: by then A's twin removal was long handled.
    f.state.listed = [f.usb('A', 1)];
    f.emit('add', f.usb('B', 3));
    await w.waitForCount(2, 2000);
    f.emit('remove', f.usb('B', 3));
    await w.waitFor(() => detached.length === 1, 2000);
    expect(detached).toEqual(['B']);
    expect(w.isAttached('A')).toBe(true);
    await w.stop();
  });
});

/** The addon's shape, as transport.ts sees it (tests may not import the addon's typings). */
type Addon = NonNullable<Parameters<typeof nativeTransport>[0]>;

describe('nativeTransport with Wi-Fi twins', () => {
  function fakeAddon() {
    let callback: ((e: MuxEvent) => void) | null = null;
    const list: MuxDevice[] = [
      { udid: 'A', handle: 1, productId: 0x12ab, connectionType: 'usb' },
      { udid: 'A', handle: 2, productId: 0, connectionType: 'network' },
      { udid: 'C', handle: 4, productId: 0, connectionType: 'network' },
    ];
    const addon = {
      listDevices: async () => list,
      subscribeEvents: (cb: (e: MuxEvent) => void) => void (callback = cb),
      unsubscribeEvents: async () => void (callback = null),
    } as unknown as Addon;
    return { addon, fire: (e: MuxEvent) => callback?.(e) };
  }

  it('lists USB entries only', async () => {
    const { addon } = fakeAddon();
    expect(await nativeTransport(addon).listDevices()).toEqual([{ udid: 'A', handle: 1, productId: 0x12ab, connectionType: 'usb' }]);
  });

  it('passes on USB events only', () => {
    const { addon, fire } = fakeAddon();
    const seen: string[] = [];
    nativeTransport(addon).subscribe((e) => seen.push(`${e.type}:${e.udid}:${e.handle}`));
    fire({ type: 'add', udid: 'A', handle: 2, productId: 0, connectionType: 'network' });
    fire({ type: 'add', udid: 'A', handle: 1, productId: 0x12ab, connectionType: 'usb' });
    fire({ type: 'remove', udid: 'A', handle: 1, productId: 0x12ab, connectionType: 'usb' });
    fire({ type: 'remove', udid: 'A', handle: 2, productId: 0, connectionType: 'network' });
    expect(seen).toEqual(['add:A:1', 'remove:A:1']);
  });
});
